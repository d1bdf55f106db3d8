import Foundation

/// Where a Salesforce feed resumes. The query is ordered by `SystemModstamp`, so everything
/// before `since` (whole seconds) is committed; `next` continues the running query, and when a
/// locator has expired the feed simply re-queries from `since` (re-reading is harmless).
struct SalesforceCursor: Codable, Equatable {
    var since: Date?
    var next: String?
    /// Start of the window still to ask `getDeleted` about.
    var deletedSince: Date?

    static func decode(_ text: String?) -> SalesforceCursor {
        guard let data = text?.data(using: .utf8),
              let cursor = try? JSONDecoder().decode(SalesforceCursor.self, from: data) else { return SalesforceCursor() }
        return cursor
    }

    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
}
