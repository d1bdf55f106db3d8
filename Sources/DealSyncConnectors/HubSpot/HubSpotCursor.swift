import Foundation

/// Where a HubSpot search feed resumes. Search sorts on one property only and stops at 10,000
/// results per query, so the feed re-bases its lower bound on the last stamp it saw; when more
/// than a page's worth of records share a single millisecond it drains that millisecond by id.
struct HubSpotCursor: Codable, Equatable {
    /// Lower bound (inclusive) on the modification stamp, epoch milliseconds.
    var since: Int64
    /// Offset within the current query (`after`).
    var offset: Int
    /// Set while draining records that all carry the stamp `since`: the last id seen.
    var tieAfterID: Int64?

    static let start = HubSpotCursor(since: 0, offset: 0, tieAfterID: nil)

    static func decode(_ text: String?) -> HubSpotCursor {
        guard let text, let data = text.data(using: .utf8),
              let cursor = try? JSONDecoder().decode(HubSpotCursor.self, from: data) else { return .start }
        return cursor
    }

    var encoded: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The next cursor after a page of `count` records whose last stamp and id are given.
    func advanced(count: Int, pageLimit: Int, hasMore: Bool, lastStamp: Int64?, lastID: Int64?) -> HubSpotCursor {
        if let tie = tieAfterID {
            if hasMore, let lastID { return HubSpotCursor(since: since, offset: 0, tieAfterID: max(tie, lastID)) }
            // The millisecond is drained: continue strictly after it.
            return HubSpotCursor(since: since + 1, offset: 0, tieAfterID: nil)
        }
        guard hasMore else {
            return HubSpotCursor(since: max(since, lastStamp ?? since), offset: 0, tieAfterID: nil)
        }
        let next = offset + count
        if next + pageLimit <= HubSpotCursor.resultCap { return HubSpotCursor(since: since, offset: next, tieAfterID: nil) }
        guard let lastStamp else { return self }
        if lastStamp > since { return HubSpotCursor(since: lastStamp, offset: 0, tieAfterID: nil) }
        // Ten thousand records in one millisecond: walk that millisecond by id instead.
        return HubSpotCursor(since: since, offset: 0, tieAfterID: 0)
    }

    static let resultCap = 10_000
}
