import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// Entries in sequence order after `afterSeq`.
    public func auditEntries(after afterSeq: Int64 = 0, limit: Int = 100) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE org = ? AND seq > ? ORDER BY seq LIMIT ?",
                         arguments: [org.rawValue, afterSeq, limit]).map(AuditChain.entry)
    }
}

extension OrgWriteTransaction {
    /// Appends an entry to this org's chain, committed with the rest of the transaction.
    /// `details` must not contain PII or secrets (see `AuditEntry`).
    @discardableResult
    public func appendAudit(actor: String, action: String, details: [String: String] = [:]) throws -> AuditEntry {
        try AuditChain.append(org: org, at: now, actor: actor, action: action, details: details, in: db)
    }
}

extension Store {
    /// Verifies every org's audit chain (the daemon scope's included); returns the first break.
    public func verifyAudit() throws -> AuditBreak? {
        try pool.read { db in
            let orgs = try String.fetchAll(db, sql: """
                SELECT org FROM audit_heads UNION SELECT DISTINCT org FROM audit_log ORDER BY 1
                """)
            for org in orgs {
                if let broken = try AuditChain.verify(org: OrgID(org), in: db) { return broken }
            }
            return nil
        }
    }
}
