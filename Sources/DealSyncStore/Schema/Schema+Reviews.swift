import GRDB

extension Schema {
    /// Hook output waiting for a person (`dealsyncctl review`): a low-confidence score or a
    /// write-back the evaluator blocked, with the edits it withheld. Beside it the Slack dedup
    /// keys already queued, so the same deal and reason is announced once a day, across restarts.
    static func v3_reviewQueue(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reviews (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                org TEXT NOT NULL, record TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
                detail TEXT NOT NULL, edits TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                decided_at INTEGER, decided_by TEXT,
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE);
            CREATE INDEX reviews_by_state ON reviews (org, state, id);
            -- One pending item per (record, reason): a newer run replaces what it proposes.
            CREATE UNIQUE INDEX reviews_pending ON reviews (org, record, reason) WHERE state = 'pending';

            CREATE TABLE notification_keys (
                org TEXT NOT NULL, key TEXT NOT NULL, queued_at INTEGER NOT NULL,
                PRIMARY KEY (org, key)) WITHOUT ROWID;
            """)
    }
}
