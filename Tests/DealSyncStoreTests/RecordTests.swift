import DealSyncCore
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Records, fields, shadows, stamps, links")
struct RecordTests {
    let acme = OrgID("acme")
    let sf = SourceID("salesforce-prod")
    let hs = SourceID("hubspot")

    @Test("fields, shadows and stamps round-trip; stamps only rise")
    func roundTrip() throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let id = RecordID.make()
        let t0 = clock.now()
        try tmp.store.org(acme).write { tx throws in
            try tx.insertRecord(id, kind: .contact)
            try tx.setField("email", of: id, value: .string("  a@b.example "), vector: VersionVector([sf: 2, hs: 1]))
            try tx.setShadow(Shadow(value: .string("a@b.example"), vector: VersionVector([sf: 2])),
                             of: id, field: "email", replica: sf)
            #expect(try tx.raiseStamp(of: id, replica: sf, to: t0))
            #expect(try tx.raiseStamp(of: id, replica: sf, to: t0.addingTimeInterval(-60)) == false)
            #expect(try tx.raiseStamp(of: id, replica: sf, to: t0.addingTimeInterval(60)))
        }
        try tmp.store.org(acme).read { tx throws in
            #expect(try tx.record(id)?.kind == .contact)
            #expect(try tx.fields(of: id)["email"]?.value == .string("a@b.example"))
            #expect(try tx.shadows(of: id, replica: sf)["email"]?.vector == VersionVector([sf: 2]))
            #expect(try tx.shadow(of: id, field: "email", replica: hs) == nil)
            #expect(try tx.stamp(of: id, replica: sf) == t0.addingTimeInterval(60))
            #expect(try tx.recordCount(kind: .contact) == 1)
        }
    }

    @Test("a tombstone keeps the record and its fields, and hides it from listings")
    func tombstone() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let id = RecordID.make()
        let org = tmp.store.org(acme)
        try org.write { tx throws in
            try tx.insertRecord(id, kind: .deal)
            try tx.setField("stage", of: id, value: .enumeration("won"), vector: VersionVector([sf: 1]))
            try tx.markDeleted(id)
        }
        try org.read { tx throws in
            #expect(try tx.record(id)?.isDeleted == true)
            #expect(try tx.fields(of: id)["stage"] != nil)
            #expect(try tx.records(kind: .deal).isEmpty)
            #expect(try tx.records(kind: .deal, includeDeleted: true).count == 1)
        }
        try org.write { tx in try tx.restore(id) }
        #expect(try org.read { tx in try tx.record(id)?.isDeleted } == false)
    }

    @Test("one link per (record, source) and one record per (source, external id)")
    func linkUniqueness() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let a = RecordID.make(), b = RecordID.make()
        try tmp.store.org(acme).write { tx throws in
            try tx.insertRecord(a, kind: .deal)
            try tx.insertRecord(b, kind: .deal)
            try tx.link(a, to: sf, externalID: "006A")
            try tx.link(a, to: sf, externalID: "006A")  // idempotent re-link
            try tx.link(a, to: hs, externalID: "9001")
            #expect(throws: StoreError.self) { try tx.link(b, to: sf, externalID: "006A") }
            #expect(throws: StoreError.self) { try tx.link(a, to: sf, externalID: "006B") }
            try tx.link(b, to: sf, externalID: "006B")
        }
        try tmp.store.org(acme).read { tx throws in
            #expect(try tx.links(of: a) == [sf: "006A", hs: "9001"])
            #expect(try tx.recordID(forExternalID: "006B", in: sf) == b)
            #expect(try tx.externalID(of: b, in: hs) == nil)
        }
    }

    @Test("sources pause with a reason and resume; cursors advance")
    func sourcesAndCursors() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        try org.write { tx throws in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.setPaused(sf, reason: "auth failed")
            try tx.registerSource(sf, kind: "salesforce")
            try tx.setCursor("c1", source: sf, object: "deal")
            try tx.setCursor("c2", source: sf, object: "deal")
        }
        try org.read { tx throws in
            #expect(try tx.source(sf)?.paused == true)
            #expect(try tx.source(sf)?.pauseReason == "auth failed")
            #expect(try tx.cursor(source: sf, object: "deal") == "c2")
        }
        try org.write { tx in try tx.setPaused(sf, reason: nil) }
        #expect(try org.read { tx in try tx.source(sf)?.paused } == false)
    }

    @Test("a manual conflict stays open until resolved; a policy conflict is recorded resolved")
    func conflicts() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let id = RecordID.make()
        let org = tmp.store.org(acme)
        let left = ConflictSide(replica: sf, value: .decimal(100), vector: VersionVector([sf: 2]))
        let right = ConflictSide(replica: hs, value: .decimal(120), vector: VersionVector([hs: 1, sf: 1]))
        let (manual, auto) = try org.write { tx throws in
            try tx.insertRecord(id, kind: .deal)
            return (try tx.recordConflict(record: id, field: "amount", left: left, right: right, policy: "manual", winner: nil),
                    try tx.recordConflict(record: id, field: "stage", left: left, right: right, policy: "max", winner: right))
        }
        #expect(try org.read { tx in try tx.conflicts(status: .open).map(\.id) } == [manual])
        #expect(try org.read { tx in try tx.conflict(auto)?.winnerValue } == .decimal(120))
        try org.write { tx in try tx.resolveConflict(manual, value: .decimal(110), replica: nil, by: "uid:0") }
        let resolved = try org.read { tx in try tx.conflict(manual) }
        #expect(resolved?.status == .resolved)
        #expect(resolved?.resolvedBy == "uid:0")
        #expect(throws: StoreError.self) {
            try org.write { tx in try tx.resolveConflict(manual, value: .decimal(1), replica: nil, by: "x") }
        }
    }
}
