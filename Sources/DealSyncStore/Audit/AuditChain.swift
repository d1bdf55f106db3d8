import Crypto
import DealSyncCore
import Foundation
import GRDB

/// The hash chain over the audit log, per org, so orgs never share or reveal each other's entries.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over a JSON array of the previous hash and every stored column, as text: a JSON
    /// array is unambiguous (no field can run into the next) and recomputable from the row alone.
    static func hash(prev: String, org: String, seq: Int64, at: Int64, actor: String, action: String,
                     details: String) throws -> String {
        let material = try Codec.encode([prev, org, String(seq), String(at), actor, action, details])
        return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func append(org: OrgID, at: Date, actor: String, action: String, details: [String: String],
                       in db: Database) throws -> AuditEntry {
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM audit_heads WHERE org = ?"), arguments: [org.rawValue])
        let seq: Int64 = (head?["seq"] ?? 0) + 1
        let prev: String = head?["hash"] ?? genesis
        let detailsText = try Codec.encode(details)
        let millis = Codec.millis(at)
        let hash = try hash(prev: prev, org: org.rawValue, seq: seq, at: millis, actor: actor, action: action,
                            details: detailsText)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (org, seq, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [org.rawValue, seq, millis, actor, action, detailsText, prev, hash])
        try db.cachedStatement(sql: """
            INSERT INTO audit_heads (org, seq, hash) VALUES (?, ?, ?)
            ON CONFLICT (org) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """).execute(arguments: [org.rawValue, seq, hash])
        return AuditEntry(org: org, seq: seq, at: Codec.date(millis), actor: actor, action: action,
                          details: details, prevHash: prev, hash: hash)
    }

    /// Walks the org's chain from the first entry; returns the first break, or nil when intact.
    static func verify(org: OrgID, in db: Database) throws -> AuditBreak? {
        var expectedSeq: Int64 = 1
        var prev = genesis
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log WHERE org = ? ORDER BY seq",
                                       arguments: [org.rawValue])
        while let row = try rows.next() {
            let seq: Int64 = row["seq"]
            if seq != expectedSeq { return AuditBreak(org: org, seq: expectedSeq, reason: .missingEntry) }
            let storedPrev: String = row["prev_hash"]
            let stored: String = row["hash"]
            let computed = try hash(prev: storedPrev, org: row["org"], seq: seq, at: row["at"], actor: row["actor"],
                                    action: row["action"], details: row["details"])
            if computed != stored { return AuditBreak(org: org, seq: seq, reason: .hashMismatch) }
            if storedPrev != prev { return AuditBreak(org: org, seq: seq, reason: .brokenLink) }
            prev = stored
            expectedSeq += 1
        }
        if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_heads WHERE org = ?", arguments: [org.rawValue]) {
            let headSeq: Int64 = head["seq"]
            if headSeq >= expectedSeq { return AuditBreak(org: org, seq: expectedSeq, reason: .truncated) }
            if headSeq != expectedSeq - 1 || (head["hash"] as String) != prev {
                return AuditBreak(org: org, seq: headSeq, reason: .brokenLink)
            }
        } else if expectedSeq > 1 {
            return AuditBreak(org: org, seq: 1, reason: .truncated)
        }
        return nil
    }

    static func entry(_ row: Row) throws -> AuditEntry {
        AuditEntry(org: OrgID(row["org"]), seq: row["seq"], at: Codec.date(row["at"]), actor: row["actor"],
                   action: row["action"],
                   details: try Codec.decode([String: String].self, row["details"], column: "audit_log.details"),
                   prevHash: row["prev_hash"], hash: row["hash"])
    }
}
