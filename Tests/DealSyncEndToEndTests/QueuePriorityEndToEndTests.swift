import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Issue 5's priority proof against the real daemon: while a 10,000-deal backfill from HubSpot
/// holds Salesforce's budget saturated, a HubSpot deal that becomes high-value reaches
/// Salesforce within 5 s, because backfill never spends the reserved share and the queue
/// serves high-value work first.
@Suite(.serialized) struct QueuePriorityEndToEndTests {
    @Test func aHighValueChangeOvertakesASaturatingBackfill() async throws {
        // 10 batches per 10 s of 10 deals each: the backfill needs 1,000 s, so it saturates the
        // budget for the whole test. A long poll interval leaves the HubSpot poller free to
        // answer webhooks at once (a poll pass re-reading the stamped deals would make it wait).
        let h = try await QueueRateHarness.start(deals: 10_000, origin: .hubspot, connectors: ["salesforce.yaml": """
            kind: salesforce
            burst: {requests: 10, window: 10s}
            reserved_share: 0.2
            batch: {size: 10, concurrent: 1}
            """], pollInterval: "120s", hubspotWebhooks: true)
        do {
            try await h.waitUntil("HubSpot's first pull and Salesforce's budget spent by backfill", timeout: .seconds(75)) {
                let passed = h.daemon.stderr.split(separator: "\n").contains {
                    $0.contains("pull pass complete") && $0.contains("source.id=hubspot-sandbox")
                }
                let writes = try h.sandbox.requests(service: "salesforce").count(where: Self.isWrite)
                return passed && writes >= 8
            }
            let backlogBefore = try await Self.salesforceDeals(h)
            let deal = try #require(try await QueueRateHarness.someHubSpotDeals(h).last)
            let started = ContinuousClock.now
            _ = try await h.sandbox.edit("hubspot", SandboxEdit(object: "deals", id: deal.id, fields: ["amount": "250000"]))
            var latency: Duration?
            let soql = "SELECT Amount FROM Opportunity WHERE Name = '\(deal.name.replacingOccurrences(of: "'", with: "\\'"))'"
            while ContinuousClock.now - started < .seconds(20) {
                let rows = try await QueueRateHarness.salesforceQuery(h, soql).records
                if rows.contains(where: { ($0["Amount"] as? NSNumber)?.doubleValue == 250_000 }) {
                    latency = ContinuousClock.now - started
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let backlogAfter = try await Self.salesforceDeals(h)
            print("priority: high-value change reached Salesforce after \(latency.map { "\($0)" } ?? "more than 20 s"); Salesforce held \(backlogBefore) then \(backlogAfter) of 10000 deals")
            let seen = try #require(latency, "the high-value change never reached Salesforce")
            #expect(seen < .seconds(5), "a high-value change overtakes the backfill: \(seen)")
            #expect(backlogAfter < 5_000, "the backfill was still saturating Salesforce's budget")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    static func isWrite(_ e: RequestLogEntry) -> Bool {
        ["POST", "PATCH"].contains(e.method) && e.path.contains("/sobjects") && e.status < 300
    }

    static func salesforceDeals(_ h: SyncHarness) async throws -> Int {
        try await QueueRateHarness.salesforceQuery(h, "SELECT COUNT() FROM Opportunity").total
    }
}
