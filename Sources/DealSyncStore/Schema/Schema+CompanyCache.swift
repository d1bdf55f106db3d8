import GRDB

extension Schema {
    /// Company lookups by domain (the Clearbit-style enrichment), kept per org: the last answer
    /// (a profile, or "no such company") with when it came, and for a lookup that could not be
    /// made (429, outage, "still researching") when to try again. The answer survives a failed
    /// refresh, so enrichment keeps using a stale profile rather than none.
    static func v6_companyCache(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE company_cache (
                org TEXT NOT NULL, domain TEXT NOT NULL,
                status TEXT CHECK (status IN ('found', 'unknown')),
                profile TEXT, answered_at INTEGER,
                retry_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, domain)) WITHOUT ROWID;
            CREATE INDEX company_cache_due ON company_cache (org, retry_at) WHERE retry_at IS NOT NULL;
            """)
    }
}
