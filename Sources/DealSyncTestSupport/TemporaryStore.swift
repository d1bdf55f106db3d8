import DealSyncCore
import DealSyncStore
import Foundation

/// A store in a fresh temporary directory, removed by `remove()`. Tests get a real file (WAL
/// needs one) and never share state.
public final class TemporaryStore: Sendable {
    public let directory: URL
    public let path: String
    public let store: Store

    public init(clock: any WallClock = SystemWallClock()) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dealsync-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("dealsync.sqlite").path
        store = try Store.open(path: path, clock: clock)
    }

    /// Closes the store and deletes the directory.
    public func remove() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
