import DealSyncCore
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Org isolation")
struct OrgIsolationTests {
    let acme = OrgID("acme")
    let globex = OrgID("globex")
    let sf = SourceID("salesforce-prod")

    /// Gives org A one of every kind of row.
    func seed(_ store: Store, record: RecordID) throws {
        try store.org(acme).write { tx throws in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.insertRecord(record, kind: .deal)
            try tx.setField("amount", of: record, value: .decimal(500), vector: VersionVector([sf: 1]))
            try tx.setShadow(Shadow(value: .decimal(500), vector: VersionVector([sf: 1])), of: record,
                             field: "amount", replica: sf)
            try tx.raiseStamp(of: record, replica: sf, to: tx.now)
            try tx.link(record, to: sf, externalID: "006A")
            try tx.setCursor("2026-01-01T00:00:00Z", source: sf, object: "deal")
            let side = ConflictSide(replica: sf, value: .decimal(1), vector: VersionVector([sf: 1]))
            try tx.recordConflict(record: record, field: "amount", left: side, right: side, policy: "manual", winner: nil)
            try tx.insertJob(JobDraft(source: sf, kind: .push, object: "deal", record: record, priority: .normal, orderKey: 0))
            let doomed = try tx.insertJob(JobDraft(source: sf, kind: .notification, object: "deal", priority: .normal, orderKey: 1))
            try tx.deadLetterJob(doomed.id, error: "validation")
            try tx.appendAudit(actor: "test", action: "seed")
        }
    }

    @Test("org B's handle sees none of org A's rows")
    func isolation() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let record = RecordID.make()
        try seed(tmp.store, record: record)

        try tmp.store.org(globex).read { tx throws in
            #expect(try tx.record(record) == nil)
            #expect(try tx.records(kind: .deal).isEmpty)
            #expect(try tx.fields(of: record).isEmpty)
            #expect(try tx.shadow(of: record, field: "amount", replica: sf) == nil)
            #expect(try tx.stamp(of: record, replica: sf) == nil)
            #expect(try tx.links(of: record).isEmpty)
            #expect(try tx.recordID(forExternalID: "006A", in: sf) == nil)
            #expect(try tx.cursor(source: sf, object: "deal") == nil)
            #expect(try tx.sources().isEmpty)
            #expect(try tx.conflicts().isEmpty)
            #expect(try tx.jobs().isEmpty)
            #expect(try tx.queueDepth().isEmpty)
            #expect(try tx.deadLetters().isEmpty)
            #expect(try tx.auditEntries().isEmpty)
        }
        // The same reads from A find them, so the emptiness above is isolation, not absence.
        try tmp.store.org(acme).read { tx throws in
            #expect(try tx.record(record) != nil)
            #expect(try tx.links(of: record) == [sf: "006A"])
            #expect(try tx.jobs().count == 1)
            #expect(try tx.deadLetters().count == 1)
            #expect(try tx.auditEntries().count == 1)
            #expect(try tx.conflicts(status: .open).count == 1)
        }
    }

    @Test("org B cannot change or claim org A's rows")
    func noCrossOrgWrites() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let record = RecordID.make()
        try seed(tmp.store, record: record)
        let jobID = try tmp.store.org(acme).read { tx in try tx.jobs()[0].id }
        let letterID = try tmp.store.org(acme).read { tx in try tx.deadLetters()[0].id }

        try tmp.store.org(globex).write { tx throws in
            #expect(throws: StoreError.self) { try tx.markDeleted(record) }
            #expect(throws: (any Error).self) {
                try tx.setField("amount", of: record, value: .decimal(1), vector: VersionVector())
            }
            #expect(try tx.claimJobs(source: sf, batchSize: 10).isEmpty)
            #expect(try tx.ackJobs([jobID]) == 0)
            #expect(try tx.deadLetterJob(jobID, error: "x") == nil)
            #expect(try tx.dropDeadLetter(letterID) == false)
            #expect(throws: StoreError.self) { try tx.setPaused(sf, reason: "nope") }
            // A's external id is free in B: links are unique per org, not across orgs.
            let own = RecordID.make()
            try tx.insertRecord(own, kind: .deal)
            try tx.link(own, to: sf, externalID: "006A")
        }
        try tmp.store.org(acme).read { tx throws in
            #expect(try tx.record(record)?.isDeleted == false)
            #expect(try tx.field("amount", of: record)?.value == .decimal(500))
            #expect(try tx.job(jobID)?.state == .pending)
            #expect(try tx.deadLetter(letterID) != nil)
            #expect(try tx.source(sf)?.paused == false)
            #expect(try tx.recordID(forExternalID: "006A", in: sf) == record)
        }
    }
}
