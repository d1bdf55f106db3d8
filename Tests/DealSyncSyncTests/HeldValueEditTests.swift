import DealSyncCore
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// Two CRMs that already hold the same value when first matched agree; confirming that each holds
/// the merged version waits for its push job. A person's edit in one of them before that job runs
/// was made on top of the agreed value, so it must win, not read as concurrent with the other CRM's
/// copy of the same value and lose to the policy's preferred source.
@Suite("Edits on top of a value the CRM already held")
struct HeldValueEditTests {
    func hubspot(_ amount: Decimal, at date: Date) -> RemoteRecord {
        RemoteRecord(kind: .deal, externalID: "17", fields: [
            "dealname": .string("Acme"), "amount": .number(amount), "deal_currency_code": .string("USD"),
        ], modifiedAt: date)
    }

    func amount(_ engine: SyncEngine, _ temp: TemporaryStore) async throws -> Decimal? {
        let org = temp.store.org(DriftTests.acme)
        let record = try #require(try await org.read { tx in try tx.recordID(forExternalID: "deal/006A", in: DriftTests.sf) })
        let state = try await org.read { tx in try tx.resolverState(of: record) }
        if case .money(let m)? = state.fields["amount"]?.value { return m.amount }
        return nil
    }

    @Test func anEditBeforeTheConfirmingJobRunsWins() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp, yaml: SentPushTests.yaml)
        let t0 = Date().addingTimeInterval(-600)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100, at: t0)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspot(100, at: t0)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        // No push job has run (the daemon was killed, or is busy): HubSpot's edit arrives first.
        _ = try await engine.ingest([hubspot(555, at: t0.addingTimeInterval(60))], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        #expect(try await amount(engine, temp) == 555)
    }

    @Test func concurrentEditsOfAHeldValueStillConflict() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp, yaml: SentPushTests.yaml)
        let t0 = Date().addingTimeInterval(-600)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100, at: t0)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspot(100, at: t0)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        // Both edit the agreed value before hearing of each other: Salesforce, preferred, wins.
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 300, at: t0.addingTimeInterval(60))], deletions: [],
                                    from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspot(555, at: t0.addingTimeInterval(61))], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        #expect(try await amount(engine, temp) == 300)
    }
}
