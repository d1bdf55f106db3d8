import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Issue 5's crash safety: the real daemon is killed with SIGKILL at random moments while it
/// backfills three CRMs into each other and people keep editing deals, and is restarted each
/// time. After it settles every deal is in every CRM exactly once, with every edit in effect:
/// no lost create, no lost update, no duplicate. `DEALSYNC_CRASH_KILLS=N` sets the number of
/// kills (default 4); `scripts/crash-soak.sh` runs the long version (100 kills).
@Suite(.serialized) struct CrashSafetyTests {
    static let kills = Int(ProcessInfo.processInfo.environment["DEALSYNC_CRASH_KILLS"] ?? "") ?? 4

    @Test func killedRepeatedlyDuringABackfillAndEditsItLosesAndDuplicatesNothing() async throws {
        let kills = Self.kills
        var rng = SystemRandomNumberGenerator()
        let h = try await SyncHarness.start(seed: 21, deals: 60)
        do {
            let world = h.sandbox.world.deals.map(\.name).sorted()
            var targets = try await Self.editableDeals(h)
            var edits: [String: Decimal] = [:]
            for kill in 0..<kills {
                // Two edits per interval, each to a different deal, in a CRM that held it from the start.
                for _ in 0..<2 where !targets.isEmpty {
                    let (name, crm, id) = targets.removeFirst()
                    let amount = Decimal(70_000 + kill * 10 + edits.count)
                    try await Self.editAmount(h, crm, id, amount)
                    edits[name] = amount
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 700...2500, using: &rng)))
                try await h.killAndRestart()
            }
            do {
                try await h.waitUntil("every deal and edit in every CRM after \(kills) kills", timeout: .seconds(75)) {
                    for crm in CRMKind.allCases {
                        let deals = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm) }
                        guard deals.count == world.count else { return false }
                        let amounts = Dictionary(deals, uniquingKeysWith: { a, _ in a })
                        if edits.contains(where: { amounts[$0.key] != $0.value }) { return false }
                    }
                    return true
                }
            } catch {
                var counts: [String] = []
                for crm in CRMKind.allCases { counts.append("\(crm): \(try await h.deals(crm).count)") }
                Issue.record("expected \(world.count) deals in each CRM, found \(counts.joined(separator: ", "))")
                throw error
            }
            // Settled: nothing more may arrive, and nothing may be written twice.
            try await Task.sleep(for: .seconds(3))
            var byCRM: [CRMKind: [(String, Decimal?)]] = [:]
            for crm in CRMKind.allCases {
                byCRM[crm] = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm) }
                #expect(byCRM[crm]!.map(\.0).sorted() == world, "every deal exactly once in \(crm) after \(kills) kills")
                let amounts = Dictionary(byCRM[crm]!, uniquingKeysWith: { a, _ in a })
                for (name, amount) in edits {
                    #expect(amounts[name] == amount, "the edit of \(name) is in effect in \(crm)")
                }
            }
            // Every deal (with a unique name) holds the same amount in all three CRMs.
            let unique = Set(world.filter { name in world.count(where: { $0 == name }) == 1 })
            let reference = Dictionary(byCRM[.salesforce]!.filter { unique.contains($0.0) }, uniquingKeysWith: { a, _ in a })
            for crm in [CRMKind.hubspot, .pipedrive] {
                let amounts = Dictionary(byCRM[crm]!.filter { unique.contains($0.0) }, uniquingKeysWith: { a, _ in a })
                let differing = reference.keys.filter { amounts[$0] != reference[$0] }.sorted()
                #expect(differing.isEmpty, "amounts in \(crm) agree with Salesforce; differ: \(differing.prefix(5))")
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    /// Deals with a name no other deal has, each with a CRM that held it before the daemon ran
    /// and its id there, spread over the three CRMs.
    static func editableDeals(_ h: SyncHarness) async throws -> [(String, CRMKind, String)] {
        let names = h.sandbox.world.deals.map(\.name)
        var perCRM: [[(String, CRMKind, String)]] = []
        var seen: Set<String> = []
        for crm in CRMKind.allCases {
            var list: [(String, CRMKind, String)] = []
            for deal in try await h.deals(crm) {
                let name = SyncHarness.nameAndAmount(deal, crm).0
                guard names.count(where: { $0 == name }) == 1, seen.insert(name).inserted else { continue }
                list.append((name, crm, deal.externalID))
            }
            perCRM.append(list)
        }
        // Round robin over the CRMs, so edits land in each of them.
        var result: [(String, CRMKind, String)] = []
        for i in 0..<(perCRM.map(\.count).max() ?? 0) {
            for list in perCRM where i < list.count { result.append(list[i]) }
        }
        return result
    }

    static func editAmount(_ h: SyncHarness, _ crm: CRMKind, _ id: String, _ amount: Decimal) async throws {
        let number = JSONValue.number(NSDecimalNumber(decimal: amount).doubleValue)
        switch crm {
        case .salesforce: _ = try await h.sandbox.edit("salesforce", SandboxEdit(object: "Opportunity", id: id, fields: ["Amount": number]))
        case .hubspot: _ = try await h.sandbox.edit("hubspot", SandboxEdit(object: "deals", id: id, fields: ["amount": .string("\(amount)")]))
        case .pipedrive: _ = try await h.sandbox.edit("pipedrive", SandboxEdit(object: "deal", id: id, fields: ["value": number]))
        }
    }
}
