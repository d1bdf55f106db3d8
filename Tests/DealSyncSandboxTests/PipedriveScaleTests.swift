import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveScaleTests {
    /// 100,000 deals, one modified per minute. Incremental pulls near the end of the timeline and
    /// deep cursors must cost a binary search, not a scan (a scan would walk ~100,000 records per
    /// page); the bound is loose because debug builds share two busy cores.
    @Test func hundredThousandDealsPageByIndex() async throws {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let owners = [SeedOwner(name: "Ada Owner", email: "ada@seller.test")]
        let deals = (0..<100_000).map { i in
            SeedDeal(key: "d\(i)", name: "Deal \(i)", amount: Decimal(i), currency: "USD", stage: .proposal, probability: 50,
                     closeDate: "2026-03-31", createdAt: start, modifiedAt: start.addingTimeInterval(Double(i) * 60),
                     ownerEmail: "ada@seller.test", companyKey: "none", contactKeys: [], history: [], presence: [.pipedrive],
                     amountOverrides: [:])
        }
        let h = PipedriveHarness(world: SeedWorld(owners: owners, companies: [], contacts: [], deals: deals),
                                 rateLimit: RateLimitSetting(limit: 1_000_000, window: .seconds(2)))
        let since = PipedriveTime.rfc3339(PipedriveTime.epoch(start) + 99_990 * 60)

        let began = ContinuousClock.now
        for _ in 0..<100 {
            let page = await h.send("GET", "/api/v2/deals", query: [("updated_since", since), ("sort_by", "update_time"), ("limit", "500")])
            #expect(page.data.ids == Array(99_991...100_000))
        }
        let deep = await h.send("GET", "/api/v2/deals", query: [("limit", "1")])
        var cursor = PipedriveCursor(try #require(deep.json["additional_data"]?["next_cursor"]?.stringValue))!
        cursor.after = PipedriveIndexKey(value: 99_000, id: 99_000)
        for _ in 0..<100 {
            let page = await h.send("GET", "/api/v2/deals", query: [("cursor", cursor.encoded()), ("limit", "5")])
            #expect(page.data.ids == Array(99_001...99_005))
        }
        let elapsed = ContinuousClock.now - began
        #expect(elapsed < .seconds(5), "200 indexed pages took \(elapsed)")
    }
}
