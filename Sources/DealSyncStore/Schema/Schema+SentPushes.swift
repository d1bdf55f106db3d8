import GRDB

extension Schema {
    /// What a push sent to a source before the source acknowledged it: kept until the outcome is
    /// recorded, so a process killed in between still knows which version the source may hold.
    static func v7_sentPushes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sent_pushes (
                org TEXT NOT NULL, record TEXT NOT NULL, source TEXT NOT NULL,
                payload TEXT NOT NULL, sent_at INTEGER NOT NULL,
                PRIMARY KEY (org, record, source),
                FOREIGN KEY (org, record) REFERENCES records (org, id) ON DELETE CASCADE) WITHOUT ROWID;
            """)
    }
}
