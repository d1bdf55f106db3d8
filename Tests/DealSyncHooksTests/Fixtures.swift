import Foundation

/// Files under Tests/DealSyncHooksTests/Fixtures, written by tools/train_model.py and
/// tools/make_pii_eval.py.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// models/default-deal-model.json at the repository root.
    static let defaultModel = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/default-deal-model.json")
}
