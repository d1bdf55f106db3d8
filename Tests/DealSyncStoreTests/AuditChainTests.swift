import DealSyncCore
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    let acme = OrgID("acme")

    func fill(_ tmp: TemporaryStore, count: Int) throws {
        for i in 1...count {
            try tmp.store.org(acme).write { tx throws in
                try tx.appendAudit(actor: "uid:1000", action: "control.pause", details: ["source": "sf", "n": "\(i)"])
            }
        }
    }

    @Test("an untouched chain verifies, and each entry links to the one before")
    func intact() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 5)
        try tmp.store.daemon.write { tx in try tx.appendAudit(actor: "daemon", action: "config.reload") }
        #expect(try tmp.store.verifyAudit() == nil)
        let entries = try tmp.store.org(acme).read { tx in try tx.auditEntries() }
        #expect(entries.map(\.seq) == [1, 2, 3, 4, 5])
        for (a, b) in zip(entries, entries.dropFirst()) { #expect(b.prevHash == a.hash) }
        #expect(entries[2].details == ["source": "sf", "n": "3"])
    }

    @Test("the append-only triggers refuse edits through the store's SQL")
    func appendOnly() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 1)
        #expect(throws: (any Error).self) {
            try RawDatabase.execute(path: tmp.path, "UPDATE audit_log SET actor = 'x'")
        }
    }

    @Test("an edited entry is found, by its sequence number")
    func editDetected() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 5)
        try RawDatabase.execute(path: tmp.path, """
            DROP TRIGGER audit_log_append_only_update;
            UPDATE audit_log SET details = '{"n":"3","source":"hubspot"}' WHERE org = 'acme' AND seq = 3;
            """)
        let broken = try tmp.store.verifyAudit()
        #expect(broken == AuditBreak(org: acme, seq: 3, reason: .hashMismatch))
        #expect(try tmp.store.org(acme).verifyAudit() == broken)
    }

    @Test("an entry edited with its hash recomputed still breaks the next link")
    func rehashedEditDetected() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 4)
        // The tamperer rewrites entry 2 and gives it a plausible (but different) hash.
        try RawDatabase.execute(path: tmp.path, """
            DROP TRIGGER audit_log_append_only_update;
            UPDATE audit_log SET hash = '\(String(repeating: "a", count: 64))' WHERE org = 'acme' AND seq = 2;
            """)
        #expect(try tmp.store.verifyAudit()?.seq == 2)
    }

    @Test("a deleted middle entry and deleted newest entries are both found")
    func deletionDetected() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 5)
        try RawDatabase.execute(path: tmp.path, """
            DROP TRIGGER audit_log_append_only_delete;
            DELETE FROM audit_log WHERE org = 'acme' AND seq = 5;
            """)
        #expect(try tmp.store.verifyAudit() == AuditBreak(org: acme, seq: 5, reason: .truncated))
        try RawDatabase.execute(path: tmp.path, "DELETE FROM audit_log WHERE org = 'acme' AND seq = 2")
        #expect(try tmp.store.verifyAudit() == AuditBreak(org: acme, seq: 2, reason: .missingEntry))
    }

    @Test("one org's chain is independent of another's")
    func perOrgChains() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try fill(tmp, count: 2)
        let other = try tmp.store.org(OrgID("globex")).write { tx in try tx.appendAudit(actor: "a", action: "b") }
        #expect(other.seq == 1)
        try RawDatabase.execute(path: tmp.path, """
            DROP TRIGGER audit_log_append_only_update;
            UPDATE audit_log SET actor = 'mallory' WHERE org = 'globex';
            """)
        #expect(try tmp.store.org(acme).verifyAudit() == nil)
        #expect(try tmp.store.org(OrgID("globex")).verifyAudit()?.reason == .hashMismatch)
    }
}
