import DealSyncCore
import DealSyncResolver
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// One deal, "Acme", in a fresh store synced between Salesforce and HubSpot, where both fields
/// prefer Salesforce: reports from either CRM, the pushes a worker would plan, and the amount
/// the store settles on.
struct AcmeDeal {
    /// `DriftTests`' mapping with the amount preferring Salesforce too, so a lost edit shows.
    static let yaml = DriftTests.yaml.replacingOccurrences(of: "policy: latest", with: "policy: {prefer: [salesforce, hubspot]}")

    let temp: TemporaryStore
    let engine: SyncEngine
    /// Ten minutes ago: when the CRMs first held the deal.
    let t0 = Date().addingTimeInterval(-600)
    var org: OrgStore { temp.store.org(DriftTests.acme) }

    init() throws {
        temp = try TemporaryStore()
        engine = try DriftTests.engine(temp, yaml: Self.yaml)
    }

    func remove() { temp.remove() }

    func salesforce(_ amount: Decimal, at date: Date) async throws {
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", amount, at: date)], deletions: [],
                                    from: DriftTests.sf, kind: .deal, cursor: nil)
    }

    func hubspot(_ amount: Decimal, at date: Date) async throws {
        let record = RemoteRecord(kind: .deal, externalID: "17", fields: [
            "dealname": .string("Acme"), "amount": .number(amount), "deal_currency_code": .string("USD"),
        ], modifiedAt: date)
        _ = try await engine.ingest([record], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
    }

    /// Claims the pushes queued for `source` and plans them, as a worker does just before sending.
    func planPushes(to source: SourceID) async throws -> [PlannedPush] {
        let jobs = try await org.write { tx in try tx.claimJobs(source: source, batchSize: 10) }
        return try await engine.planPushes(jobs, to: source)
    }

    func state() async throws -> RecordState {
        let record = try #require(try await org.read { tx in try tx.recordID(forExternalID: "deal/006A", in: DriftTests.sf) })
        return try await org.read { tx in try tx.resolverState(of: record) }
    }

    func amount() async throws -> Decimal? {
        if case .money(let m)? = try await state().fields["amount"]?.value { return m.amount }
        return nil
    }
}
