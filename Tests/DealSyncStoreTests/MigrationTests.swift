import DealSyncCore
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Store schema and durability settings")
struct MigrationTests {
    @Test("an empty file migrates to the current schema and runs in WAL mode")
    func migratesFromEmpty() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        #expect(Store.migrations.first == "v1-initial")
        #expect(Store.migrations.allSatisfy { $0.hasPrefix("v") })
        #expect(try tmp.store.appliedMigrations() == Store.migrations)
        #expect(try tmp.store.journalMode() == "wal")
        #expect(tmp.store.isWritable())
    }

    @Test("every connection runs with synchronous=NORMAL and foreign keys on")
    func pragmas() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let settings = try tmp.store.settings()
        #expect(settings == ["journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": "5000"])
        // A second write transaction sees the pragmas through the store's own connection: a
        // field for a record that does not exist violates the foreign key.
        #expect(throws: (any Error).self) {
            try tmp.store.org(OrgID("acme")).write { tx throws in
                try tx.setField("name", of: RecordID.make(), value: .string("x"), vector: VersionVector())
            }
        }
        #expect(try RawDatabase.string(path: tmp.path, "PRAGMA journal_mode") == "wal")
    }

    @Test("reopening an existing file keeps its rows and applies no migration twice")
    func reopen() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let id = RecordID.make()
        try tmp.store.org(OrgID("acme")).write { tx throws in
            try tx.insertRecord(id, kind: .deal)
            try tx.setField("amount", of: id, value: .money(Money(amount: 1200, currency: "eur")),
                            vector: VersionVector([SourceID("sf"): 1]))
        }
        try tmp.store.close()
        let reopened = try Store.open(path: tmp.path)
        defer { try? reopened.close() }
        #expect(try reopened.appliedMigrations() == Store.migrations)
        let field = try reopened.org(OrgID("acme")).read { tx in try tx.field("amount", of: id) }
        #expect(field?.value == .money(Money(amount: 1200, currency: "EUR")))
        #expect(field?.vector == VersionVector([SourceID("sf"): 1]))
    }

    @Test("a write that throws commits nothing")
    func rollback() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(OrgID("acme"))
        struct Boom: Error {}
        let id = RecordID.make()
        #expect(throws: Boom.self) {
            try org.write { tx throws in
                try tx.insertRecord(id, kind: .deal)
                try tx.appendAudit(actor: "test", action: "record.create")
                throw Boom()
            }
        }
        #expect(try org.read { tx in try tx.record(id) } == nil)
        #expect(try org.read { tx in try tx.auditEntries() }.isEmpty)
    }
}
