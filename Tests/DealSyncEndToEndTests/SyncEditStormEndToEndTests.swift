import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Issue 4's edit storm: after a backfill, a seeded random series of amount edits lands in all
/// three CRMs at once, often on the same deal in two CRMs within one poll interval. The daemon
/// must bring the three to identical values, each one a value somebody actually wrote, and then
/// fall quiet.
@Suite(.serialized) struct SyncEditStormEndToEndTests {
    /// A tiny seeded generator, so a failing storm can be replayed exactly.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let edits: [CRMKind: (service: String, object: String, field: String)] = [
        .salesforce: ("salesforce", "Opportunity", "Amount"),
        .hubspot: ("hubspot", "deals", "amount"),
        .pipedrive: ("pipedrive", "deal", "value"),
    ]

    @Test func aSeededEditStormAcrossTheThreeCRMsConverges() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["DEALSYNC_STORM_SEED"] ?? "") ?? 20261126
        var rng = SplitMix64(state: seed)
        // Reconciliation runs every few seconds here, so it also runs in the middle of the storm.
        let h = try await SyncHarness.start(seed: 11, deals: 12, editConfig: { text in
            text.replacingOccurrences(of: "poll_interval: 2s", with: "poll_interval: 2s\n        reconcile_interval: 4s")
        })
        do {
            let world = h.sandbox.world.deals.map(\.name)
            try await h.waitUntil("backfill to converge", timeout: .seconds(120)) {
                for crm in CRMKind.allCases where try await h.deals(crm).count != world.count { return false }
                return true
            }
            // Deals with a unique name can be told apart in every CRM by it.
            let unique = Set(world.filter { name in world.count { $0 == name } == 1 })
            var ids: [CRMKind: [String: String]] = [:]
            var written: [String: Set<Decimal>] = [:]
            for crm in CRMKind.allCases {
                for deal in try await h.deals(crm) {
                    let (name, amount) = SyncHarness.nameAndAmount(deal, crm)
                    guard unique.contains(name) else { continue }
                    ids[crm, default: [:]][name] = deal.externalID
                    if let amount { written[name, default: []].insert(amount) }
                }
            }
            // A few hot deals, so that concurrent edits of one field in two CRMs are common.
            let targets = Array(unique.sorted().prefix(5))
            try #require(targets.count >= 3, "the seeded world has enough distinctly named deals")
            for _ in 0..<30 {
                let name = targets[Int(rng.next() % UInt64(targets.count))]
                let crm = CRMKind.allCases[Int(rng.next() % 3)]
                let amount = Decimal(1000 + Int(rng.next() % 90_000))
                let edit = try #require(Self.edits[crm])
                let id = try #require(ids[crm]?[name])
                let value: JSONValue = crm == .hubspot ? .string("\(amount)") : .number(NSDecimalNumber(decimal: amount).doubleValue)
                _ = try await h.sandbox.edit(edit.service, SandboxEdit(object: edit.object, id: id, fields: [edit.field: value]))
                written[name, default: []].insert(amount)
                try await Task.sleep(for: .milliseconds(Int(rng.next() % 400)))
            }

            var settled: [String: Decimal] = [:]
            try await h.waitUntil("all three CRMs to agree on every stormed deal", timeout: .seconds(120)) {
                var agreed: [String: Decimal] = [:]
                for crm in CRMKind.allCases {
                    for deal in try await h.deals(crm) {
                        let (name, amount) = SyncHarness.nameAndAmount(deal, crm)
                        guard targets.contains(name), let amount else { continue }
                        if crm == .salesforce { agreed[name] = amount } else if agreed[name] != amount { return false }
                    }
                }
                settled = agreed
                return agreed.count == targets.count
            }
            for (name, amount) in settled {
                #expect(written[name]?.contains(amount) == true, "\(name) settled on \(amount), a value somebody wrote")
            }
            // Nothing else moved: every CRM still holds every deal exactly once.
            for crm in CRMKind.allCases {
                let names = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm).0 }.sorted()
                #expect(names == world.sorted(), "every deal once in \(crm) after the storm (seed \(seed))")
            }
            // Reconciliation agrees: a full listing of every CRM matches the store.
            try await h.waitUntil("every reconciliation to report no drift", timeout: .seconds(60)) {
                let series = try await daemonGET(h.port, "/metrics").body.split(separator: "\n")
                    .filter { $0.hasPrefix("dealsync_drift_records{") && $0.contains("object=\"deal\"") }
                return series.count == 3 && series.allSatisfy { $0.hasSuffix(" 0") || $0.hasSuffix(" 0.0") }
            }
            // And it falls quiet: after settling, polls find only echoes and write nothing.
            try await h.waitUntil("the queue to settle", timeout: .seconds(60)) {
                for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
                try await Task.sleep(for: .seconds(5))
                return try CRMKind.allCases.allSatisfy { try h.writes($0).isEmpty }
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
