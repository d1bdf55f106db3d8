import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Dead letter: one per record, source and kind")
struct DeadLetterReplacementTests {
    let acme = OrgID("acme")
    let sf = SourceID("salesforce-prod")

    @Test("a record rejected again replaces its older letter; other records and sources keep theirs")
    func rejectedAgainReplaces() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org)
        let invalid = RecordID.make(), other = RecordID.make()
        let rejected = SyncError(.validation, code: "salesforce.STRING_TOO_LONG", message: "Name: data value too large")
        for (round, record) in [(1, invalid), (2, other), (3, invalid)] {
            try await org.write { tx throws in
                try tx.enqueue(.push(record, to: sf, object: "deal", fields: ["name": .string("take \(round)")]))
            }
            let claimed = try await queue.claim(source: sf, limits: .salesforce)
            #expect(claimed.count == 1)
            let outcome = try await queue.fail(claimed, error: rejected)
            #expect(outcome.values.allSatisfy { $0 == .deadLettered })
        }
        let letters = try await queue.deadLetters()
        #expect(letters.count == 2, "one letter per record: \(letters.map(\.record))")
        #expect(letters.first { $0.record == invalid }?.payload.fields["name"] == .string("take 3"), "the newest values win")
        #expect(letters.first { $0.record == other }?.payload.fields["name"] == .string("take 2"))
    }
}
