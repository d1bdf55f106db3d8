import Foundation
import Testing

/// Two CRMs that already hold the same value when first matched agree; confirming that each holds
/// the merged version used to wait for its push job. A person's edit in one of them before that
/// job runs was made on top of the agreed value, so it must win, not read as concurrent with the
/// other CRM's copy of the same value and lose to the policy's preferred source.
@Suite("Edits on top of a value the CRM already held")
struct HeldValueEditTests {
    @Test func anEditBeforeTheConfirmingJobRunsWins() async throws {
        let deal = try AcmeDeal()
        defer { deal.remove() }
        try await deal.salesforce(100, at: deal.t0)
        try await deal.hubspot(100, at: deal.t0)
        // No push job has run (the daemon was killed, or is busy): HubSpot's edit arrives first.
        try await deal.hubspot(555, at: deal.t0.addingTimeInterval(60))
        #expect(try await deal.amount() == 555)
    }

    @Test func concurrentEditsOfAHeldValueStillConflict() async throws {
        let deal = try AcmeDeal()
        defer { deal.remove() }
        try await deal.salesforce(100, at: deal.t0)
        try await deal.hubspot(100, at: deal.t0)
        // Both edit the agreed value before hearing of each other: Salesforce, preferred, wins.
        try await deal.salesforce(300, at: deal.t0.addingTimeInterval(60))
        try await deal.hubspot(555, at: deal.t0.addingTimeInterval(61))
        #expect(try await deal.amount() == 300)
    }
}
