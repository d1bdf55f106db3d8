import GRDB

/// The numbered migrations. A released migration is never edited: add `v2-...` instead.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial", migrate: v1)
        migrator.registerMigration("v2-field-resolution", migrate: v2)
        migrator.registerMigration("v3-review-queue", migrate: v3_reviewQueue)
        migrator.registerMigration("v4-feature-store", migrate: v4_featureStore)
        migrator.registerMigration("v6-company-cache", migrate: v6_companyCache)
        migrator.registerMigration("v7-sent-pushes", migrate: v7_sentPushes)
        return migrator
    }()

    /// Every tenant table leads with `org`, and every primary key and index starts with it, so an
    /// org-scoped query never reads another org's pages and isolation is cheap to keep.
    private static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_probe (id INTEGER PRIMARY KEY, probed_at INTEGER NOT NULL);

            CREATE TABLE orgs (id TEXT PRIMARY KEY NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO orgs (id, created_at) VALUES ('_daemon', 0);

            CREATE TABLE sources (
                org TEXT NOT NULL REFERENCES orgs(id), id TEXT NOT NULL, kind TEXT NOT NULL,
                paused INTEGER NOT NULL DEFAULT 0, pause_reason TEXT, updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, id)) WITHOUT ROWID;

            CREATE TABLE records (
                org TEXT NOT NULL REFERENCES orgs(id), id TEXT NOT NULL, kind TEXT NOT NULL,
                deleted_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, id)) WITHOUT ROWID;
            CREATE INDEX records_by_kind ON records (org, kind, id);

            CREATE TABLE fields (
                org TEXT NOT NULL, record TEXT NOT NULL, name TEXT NOT NULL,
                value TEXT NOT NULL, vector TEXT NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, record, name),
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE) WITHOUT ROWID;

            CREATE TABLE shadows (
                org TEXT NOT NULL, record TEXT NOT NULL, field TEXT NOT NULL, replica TEXT NOT NULL,
                value TEXT NOT NULL, vector TEXT NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, record, replica, field),
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE) WITHOUT ROWID;

            CREATE TABLE record_stamps (
                org TEXT NOT NULL, record TEXT NOT NULL, replica TEXT NOT NULL, stamp INTEGER NOT NULL,
                PRIMARY KEY (org, record, replica),
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE) WITHOUT ROWID;

            CREATE TABLE links (
                org TEXT NOT NULL, record TEXT NOT NULL, source TEXT NOT NULL, external_id TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (org, record, source),
                UNIQUE (org, source, external_id),
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE) WITHOUT ROWID;

            CREATE TABLE cursors (
                org TEXT NOT NULL REFERENCES orgs(id), source TEXT NOT NULL, object TEXT NOT NULL,
                cursor TEXT NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (org, source, object)) WITHOUT ROWID;

            -- AUTOINCREMENT: a job id is never reused, so a late ack of a released job can never
            -- hit a newer job that took its number.
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                org TEXT NOT NULL REFERENCES orgs(id), source TEXT NOT NULL, kind TEXT NOT NULL,
                object TEXT NOT NULL, record TEXT, priority INTEGER NOT NULL, order_key INTEGER NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'inflight')),
                attempts INTEGER NOT NULL DEFAULT 0, ready_at INTEGER NOT NULL,
                enqueued_at INTEGER NOT NULL, claimed_at INTEGER, last_error TEXT);
            CREATE INDEX jobs_claim ON jobs (org, source, state, order_key, ready_at);
            -- Coalescing: at most one pending push per (record, source); an in-flight one may coexist.
            CREATE UNIQUE INDEX jobs_pending_push ON jobs (org, source, record)
                WHERE kind = 'push' AND state = 'pending';
            CREATE INDEX jobs_inflight_record ON jobs (org, source, record)
                WHERE state = 'inflight' AND record IS NOT NULL;

            CREATE TABLE conflicts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                org TEXT NOT NULL, record TEXT NOT NULL, field TEXT NOT NULL,
                left_replica TEXT NOT NULL, left_value TEXT NOT NULL, left_vector TEXT NOT NULL,
                right_replica TEXT NOT NULL, right_value TEXT NOT NULL, right_vector TEXT NOT NULL,
                policy TEXT NOT NULL, winner_value TEXT, winner_replica TEXT,
                status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                created_at INTEGER NOT NULL, resolved_at INTEGER, resolved_by TEXT,
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE);
            CREATE INDEX conflicts_by_status ON conflicts (org, status, id);
            CREATE INDEX conflicts_by_record ON conflicts (org, record);

            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                org TEXT NOT NULL REFERENCES orgs(id), job_id INTEGER NOT NULL, source TEXT NOT NULL,
                kind TEXT NOT NULL, object TEXT NOT NULL, record TEXT, priority INTEGER NOT NULL,
                payload TEXT NOT NULL, attempts INTEGER NOT NULL, enqueued_at INTEGER NOT NULL,
                failed_at INTEGER NOT NULL, last_error TEXT NOT NULL);
            CREATE INDEX dead_letters_by_org ON dead_letters (org, id);

            CREATE TABLE audit_log (
                org TEXT NOT NULL REFERENCES orgs(id), seq INTEGER NOT NULL, at INTEGER NOT NULL,
                actor TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL,
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
                PRIMARY KEY (org, seq)) WITHOUT ROWID;
            -- The head remembers the last entry so that deleting the newest entries is detected too.
            CREATE TABLE audit_heads (
                org TEXT PRIMARY KEY NOT NULL REFERENCES orgs(id), seq INTEGER NOT NULL,
                hash TEXT NOT NULL) WITHOUT ROWID;
            -- The triggers stop accidents; the hash chain catches whoever drops them.
            CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """)
    }

    /// The resolver keeps more per field than value and vector (the un-superseded edits of an
    /// open conflict); the store holds it opaquely. Natural-key matching (contact email,
    /// company domain) looks fields up by value.
    private static func v2(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE fields ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
            CREATE INDEX fields_by_value ON fields (org, name, value);
            """)
    }
}
