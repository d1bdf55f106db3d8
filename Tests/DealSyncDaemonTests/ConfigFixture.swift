import Foundation

/// A temporary directory holding a config file and whatever credential files a test writes,
/// removed when the fixture is released.
final class ConfigFixture {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "dealsync-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var configPath: String { directory + "/dealsync.yaml" }

    /// Writes `text` at `name` (relative to the fixture) and returns its absolute path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
