import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Issue 4's figures, not a pass/fail check: edit-to-visible latency (median, p95) of a HubSpot
/// edit reaching Salesforce and Pipedrive, with webhooks and with polling only, and the API calls
/// each CRM served per synced change. Opt-in (`scripts/measure-latency.sh`), as timing on a shared
/// CI machine says little; prints one line per mode.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DEALSYNC_MEASURE_LATENCY"] != nil))
struct SyncLatencyMeasurement {
    static let samples = Int(ProcessInfo.processInfo.environment["DEALSYNC_MEASURE_SAMPLES"] ?? "") ?? 20

    @Test func withWebhooks() async throws { try await measure(webhooks: true, pollInterval: "60s") }

    @Test func pollingOnly() async throws { try await measure(webhooks: false, pollInterval: "10s") }

    func measure(webhooks: Bool, pollInterval: String) async throws {
        let h = try await SyncHarness.start(seed: 13, deals: 2 * Self.samples + 5, pollInterval: pollInterval)
        do {
            let world = h.sandbox.world.deals.map(\.name)
            try await h.waitUntil("backfill to converge", timeout: .seconds(180)) {
                for crm in CRMKind.allCases where try await h.deals(crm).count != world.count { return false }
                return true
            }
            if !webhooks {
                for service in ["hubspot", "pipedrive"] { try await h.sandbox.setWebhookTarget(service: service, url: nil) }
            }
            let unique = world.filter { name in world.count { $0 == name } == 1 }
            var ids: [CRMKind: [String: String]] = [:]
            for crm in CRMKind.allCases {
                for deal in try await h.deals(crm) { ids[crm, default: [:]][SyncHarness.nameAndAmount(deal, crm).0] = deal.externalID }
            }
            let readers = try Dictionary(uniqueKeysWithValues: [CRMKind.salesforce, .pipedrive].map { crm in
                (crm, try ConnectorFactory.make(.init(kind: crm, baseURL: h.sandbox.urls[crm.rawValue]!,
                                                     credentials: h.sandbox.credentials[crm.rawValue] ?? [:],
                                                     fields: [.deal: SyncHarness.dealFields(crm)])))
            })
            for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
            var latencies: [Double] = []
            // Edits land at a random point of the poll cycle, as a person's would, not right
            // after the pass that made the previous one visible.
            let cycle = webhooks ? 2000 : 10_000
            for (n, name) in unique.prefix(Self.samples).enumerated() {
                try await Task.sleep(for: .milliseconds(Int.random(in: 0..<cycle)))
                let amount = Decimal(500_000 + n)
                let hub = try #require(ids[.hubspot]?[name])
                let started = ContinuousClock.now
                _ = try await h.sandbox.edit("hubspot", SandboxEdit(object: "deals", id: hub, fields: ["amount": .string("\(amount)")]))
                try await h.waitUntil("edit \(n) to be visible", timeout: .seconds(120)) {
                    for (crm, reader) in readers {
                        guard let id = ids[crm]?[name] else { return false }
                        // The readers share the CRM's rate limit with the daemon: a 429 means "not yet".
                        guard let page = try? await reader.fetch(.deal, ids: [id]) else { return false }
                        guard let deal = page.records.first, SyncHarness.nameAndAmount(deal, crm).1 == amount else { return false }
                    }
                    return true
                }
                let elapsed = started.duration(to: .now)
                latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            latencies.sort()
            let median = latencies[latencies.count / 2]
            let p95 = latencies[min(latencies.count - 1, Int((Double(latencies.count) * 0.95).rounded(.up)) - 1)]
            // Calls per change: requests in a window with edits minus those of an idle window as long.
            let window = Duration.seconds(30)
            var idle: [CRMKind: Int] = [:]
            for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
            try await Task.sleep(for: window)
            for crm in CRMKind.allCases { idle[crm] = try h.sandbox.requests(service: crm.rawValue).count }
            for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
            let edited = Array(unique.dropFirst(Self.samples).prefix(Self.samples))
            for (n, name) in edited.enumerated() {
                let hub = try #require(ids[.hubspot]?[name])
                _ = try await h.sandbox.edit("hubspot", SandboxEdit(object: "deals", id: hub, fields: ["amount": .string("\(700_000 + n)")]))
            }
            try await Task.sleep(for: window)
            var calls: [String] = []
            for crm in CRMKind.allCases {
                let busy = try h.sandbox.requests(service: crm.rawValue).count
                let perChange = Double(busy - (idle[crm] ?? 0)) / Double(max(1, edited.count))
                let writes = Double(try h.writes(crm).count) / Double(max(1, edited.count))
                calls.append("\(crm)=\(String(format: "%.2f", perChange)) (writes \(String(format: "%.2f", writes)))")
            }
            print(String(format: "latency %@ (poll %@): n=%d median=%.2fs p95=%.2fs; API calls per change: %@",
                         webhooks ? "webhooks" : "polling-only", pollInterval, latencies.count, median, p95,
                         calls.joined(separator: " ")))
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
