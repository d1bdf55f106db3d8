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
            var edits: [String: Decimal] = [:]
            for kill in 0..<kills {
                // Two edits per interval, to deals the three CRMs already agree on, in each CRM in
                // turn: an edit in HubSpot or Pipedrive must not lose to Salesforce, first in the
                // amount policy's source order, because a write of ours there went unrecorded.
                for (name, crm, id) in try await Self.settledDeals(h, excluding: Set(edits.keys), rotation: kill).prefix(2) {
                    let amount = Decimal(70_000 + kill * 10 + edits.count)
                    try await Self.editAmount(h, crm, id, amount)
                    edits[name] = amount
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 700...2500, using: &rng)))
                try await h.killAndRestart()
            }
            // A slow machine may not have settled any deal before the kills: edit after the last restart then.
            if edits.isEmpty {
                try await h.waitUntil("a deal the three CRMs agree on", timeout: .seconds(60)) {
                    try await !Self.settledDeals(h, excluding: [], rotation: 0).isEmpty
                }
                for (name, crm, id) in try await Self.settledDeals(h, excluding: [], rotation: 0).prefix(2) {
                    try await Self.editAmount(h, crm, id, 79_999)
                    edits[name] = 79_999
                }
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
                var found: [String] = []
                for crm in CRMKind.allCases {
                    let deals = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm) }
                    let amounts = Dictionary(deals, uniquingKeysWith: { a, _ in a })
                    let lost = edits.filter { amounts[$0.key] != $0.value }.map { "\($0.key)=\($0.value) has \(amounts[$0.key].map { "\($0 ?? 0)" } ?? "none")" }
                    found.append("\(crm): \(deals.count) deals, edits not in effect: \(lost.sorted())")
                }
                Issue.record("expected \(world.count) deals in each CRM and every edit; \(found.joined(separator: "; "))")
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

    /// Deals with a name no other deal has whose amount the three CRMs already agree on, not yet
    /// edited, each with a CRM to edit it in and its id there.
    static func settledDeals(_ h: SyncHarness, excluding edited: Set<String>, rotation: Int) async throws -> [(String, CRMKind, String)] {
        let names = h.sandbox.world.deals.map(\.name)
        var views: [CRMKind: [String: (Decimal?, String)]] = [:]
        for crm in CRMKind.allCases {
            for deal in try await h.deals(crm) {
                let (name, amount) = SyncHarness.nameAndAmount(deal, crm)
                views[crm, default: [:]][name] = (amount, deal.externalID)
            }
        }
        let agreed = names.filter { name in
            guard names.count(where: { $0 == name }) == 1, !edited.contains(name),
                  let first = views[.salesforce]?[name]?.0 else { return false }
            return CRMKind.allCases.allSatisfy { views[$0]?[name]?.0 == first }
        }.sorted()
        return agreed.enumerated().compactMap { i, name in
            let crm = CRMKind.allCases[(i + rotation) % CRMKind.allCases.count]
            return views[crm]?[name].map { (name, crm, $0.1) }
        }
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
