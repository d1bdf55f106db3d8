import Foundation

/// Where the scoring model comes from when `hooks.model` is not set: the packaged default
/// (`models/default-deal-model.json`, trained on the sandbox's synthetic history) in
/// `/usr/share/dealsync`, the working directory or the source checkout the binary was built
/// from; nil (rule-based scoring) when none is readable.
enum DefaultModel {
    static let relativePath = "models/default-deal-model.json"

    static func path(configured: String?) -> String? {
        if let configured { return configured }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(relativePath).path
        let candidates = ["/usr/share/dealsync/" + relativePath,
                          FileManager.default.currentDirectoryPath + "/" + relativePath, checkout]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
