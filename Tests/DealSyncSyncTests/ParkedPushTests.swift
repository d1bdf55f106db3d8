import DealSyncCore
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// A push the CRM refused for good waits in the dead letter for an admin: re-reading the record
/// unchanged does not queue it again (each retry would be one more refused API call), while a
/// new change to the record does.
@Suite("Dead-lettered pushes are not retried by re-reads")
struct ParkedPushTests {
    func hubspotDeal(_ amount: Decimal, at offset: TimeInterval) -> RemoteRecord {
        RemoteRecord(kind: .deal, externalID: "17", fields: [
            "dealname": .string("Acme"), "amount": .number(amount), "deal_currency_code": .string("USD"),
        ], modifiedAt: DriftTests.at.addingTimeInterval(offset))
    }

    func pushes(to source: SourceID, _ temp: TemporaryStore) async throws -> [Job] {
        try await temp.store.org(DriftTests.acme).read { tx in try tx.jobs(source: source) }.filter { $0.kind == .push }
    }

    @Test func aReReadLeavesTheDeadLetterAloneAndANewChangeQueuesAgain() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspotDeal(900, at: 3600)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let queued = try #require(try await pushes(to: DriftTests.sf, temp).first)
        // Salesforce refuses it for good: the job moves to the dead letter.
        try await temp.store.org(DriftTests.acme).write { tx in
            _ = try tx.claimJobs(source: DriftTests.sf, batchSize: 10)
            _ = try tx.deadLetterJob(queued.id, error: "FIELD_CUSTOM_VALIDATION_EXCEPTION")
        }
        #expect(try await pushes(to: DriftTests.sf, temp).isEmpty)

        let again = try await engine.ingest([hubspotDeal(900, at: 3600)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        #expect(again.unchanged == 1)
        #expect(try await pushes(to: DriftTests.sf, temp).isEmpty, "the unchanged re-read queued nothing")

        _ = try await engine.ingest([hubspotDeal(950, at: 7200)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let fresh = try await pushes(to: DriftTests.sf, temp)
        #expect(fresh.count == 1, "a new change is pushed again")
    }
}
