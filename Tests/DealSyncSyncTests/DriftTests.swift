import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// Reconciliation: a full listing of a source compared with the store finds exactly the
/// creates, deletes and edits the change feed never delivered, and nothing that sync work
/// already explains (a push still on its way).
@Suite("Drift reconciliation")
struct DriftTests {
    static let acme = OrgID("acme")
    static let sf = SourceID("sf-prod"), hs = SourceID("hs-prod")
    static let yaml = """
        object: deal
        match_on: [name]
        fields:
          name:
            type: string
            policy: {prefer: [salesforce, hubspot]}
            salesforce: Name
            hubspot: dealname
          amount:
            type: money
            policy: latest
            salesforce: {field: Amount, currency_field: CurrencyIsoCode}
            hubspot: {field: amount, currency_field: deal_currency_code}
        """
    static let at = Date(timeIntervalSince1970: 1_790_000_000)

    static func sfDeal(_ id: String, _ name: String, _ amount: Decimal, at: Date = at) -> RemoteRecord {
        RemoteRecord(kind: .deal, externalID: id, fields: [
            "Name": .string(name), "Amount": .number(amount), "CurrencyIsoCode": .string("USD"),
        ], modifiedAt: at)
    }

    /// An engine over both sources, with `yaml` as the deal mapping.
    static func engine(_ temp: TemporaryStore, yaml: String = yaml) throws -> SyncEngine {
        let mappings = try MappingSet(objects: [ObjectMapping.parse(yaml: yaml, file: "deal.yaml")])
        try temp.store.org(acme).write { tx in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.registerSource(hs, kind: "hubspot")
        }
        return SyncEngine(store: temp.store.org(acme), mappings: mappings, sources: [sf: .salesforce, hs: .hubspot],
                          orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
    }

    func check(_ engine: SyncEngine, _ pages: [[RemoteRecord]]) async throws -> DriftReport {
        var report = DriftReport()
        for page in pages { try await engine.compare(page, of: .deal, in: Self.sf, into: &report) }
        try await engine.finish(&report, of: .deal, in: Self.sf)
        return report
    }

    @Test("a listing equal to what was ingested has no drift")
    func noDrift() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp)
        let deals = [Self.sfDeal("006A", "Acme", 100), Self.sfDeal("006B", "Globex", 200)]
        _ = try await engine.ingest(deals, deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        let report = try await check(engine, [[deals[0]], [deals[1], deals[0]]])
        #expect(report.drift == 0 && report.remoteCount == 2 && report.storeCount == 2)
    }

    @Test("finds an unseen create, an unseen delete and an unseen edit, across pages")
    func findsEachKind() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 100), Self.sfDeal("006B", "Globex", 200),
                                     Self.sfDeal("006C", "Initech", 300)],
                                    deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        let report = try await check(engine, [
            [Self.sfDeal("006A", "Acme", 100), Self.sfDeal("006B", "Globex", 250)],
            [Self.sfDeal("006D", "Umbrella", 400)],
        ])
        #expect(report.unlinked == ["006D"])
        #expect(report.differing == ["006B"])
        #expect(report.missing.count == 1)
        #expect(report.drift == 3 && report.remoteCount == 3 && report.storeCount == 3)
    }

    @Test("a record with a push still pending to the source is not drift")
    func pendingPushIsNotDrift() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        // HubSpot edits the amount later: Salesforce is behind until the queued push lands.
        _ = try await engine.ingest([RemoteRecord(kind: .deal, externalID: "17", fields: [
            "dealname": .string("Acme"), "amount": .number(900), "deal_currency_code": .string("USD"),
        ], modifiedAt: Self.at.addingTimeInterval(3600))], deletions: [], from: Self.hs, kind: .deal, cursor: nil)
        let pending = try await temp.store.org(Self.acme).read { tx in try tx.jobs(source: Self.sf, state: .pending) }
        #expect(pending.contains { $0.kind == .push })
        let report = try await check(engine, [[Self.sfDeal("006A", "Acme", 100)]])
        #expect(report.drift == 0)
    }

    @Test("a record deleted in the store and gone from the source is not missing")
    func tombstonesAreNotMissing() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 100), Self.sfDeal("006B", "Globex", 200)],
                                    deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([], deletions: [RemoteDeletion(kind: .deal, externalID: "006B", deletedAt: Self.at.addingTimeInterval(60))],
                                    from: Self.sf, kind: .deal, cursor: nil, allowMassDelete: true)
        let report = try await check(engine, [[Self.sfDeal("006A", "Acme", 100)]])
        #expect(report.missing.isEmpty && report.drift == 0)
    }
}
