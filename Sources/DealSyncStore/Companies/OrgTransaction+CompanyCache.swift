import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// The cached lookup of `domain` (lowercased by the caller), or nil when never asked.
    public func companyCacheEntry(domain: String) throws -> CompanyCacheEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM company_cache WHERE org = ? AND domain = ?", arguments: [org.rawValue, domain])
            .map(Self.companyCacheEntry)
    }

    /// Deferred lookups whose retry time has come, earliest first.
    public func companyLookupsDue(at time: Date, limit: Int = 100) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT domain FROM company_cache WHERE org = ? AND retry_at IS NOT NULL AND retry_at <= ?
            ORDER BY retry_at, domain LIMIT ?
            """, arguments: [org.rawValue, Codec.millis(time), limit])
    }

    static func companyCacheEntry(_ row: Row) throws -> CompanyCacheEntry {
        let status: String? = row["status"]
        return CompanyCacheEntry(
            domain: row["domain"], answer: status.flatMap(CompanyCacheEntry.Answer.init(rawValue:)), profileJSON: row["profile"],
            answeredAt: (row["answered_at"] as Int64?).map(Codec.date), retryAt: (row["retry_at"] as Int64?).map(Codec.date),
            attempts: row["attempts"], lastError: row["last_error"])
    }
}

extension OrgWriteTransaction {
    /// Stores an answer (a profile, or `unknown` with no profile) as of this transaction's time
    /// and clears any deferral.
    public func recordCompanyAnswer(domain: String, answer: CompanyCacheEntry.Answer, profileJSON: String?) throws {
        let at = Codec.millis(now)
        try db.execute(sql: """
            INSERT INTO company_cache (org, domain, status, profile, answered_at, retry_at, attempts, last_error, updated_at)
            VALUES (?, ?, ?, ?, ?, NULL, 0, NULL, ?)
            ON CONFLICT (org, domain) DO UPDATE SET status = excluded.status, profile = excluded.profile,
                answered_at = excluded.answered_at, retry_at = NULL, attempts = 0, last_error = NULL, updated_at = excluded.updated_at
            """, arguments: [org.rawValue, domain, answer.rawValue, profileJSON, at, at])
    }

    /// Marks a lookup to be tried again at `retryAt`, keeping whatever answer the row holds.
    public func deferCompanyLookup(domain: String, until retryAt: Date, error: String) throws {
        try db.execute(sql: """
            INSERT INTO company_cache (org, domain, retry_at, attempts, last_error, updated_at) VALUES (?, ?, ?, 1, ?, ?)
            ON CONFLICT (org, domain) DO UPDATE SET retry_at = excluded.retry_at, attempts = attempts + 1,
                last_error = excluded.last_error, updated_at = excluded.updated_at
            """, arguments: [org.rawValue, domain, Codec.millis(retryAt), error, Codec.millis(now)])
    }
}
