import GRDB

extension Schema {
    /// The feature store's own rows: the events it has seen per deal (stage transitions, activity
    /// signals), the counters kept up to date from them, and each org's daily aggregates. All of
    /// it is derived from synced changes, so no foreign keys: a row outliving its deal is harmless
    /// and is never read, since reads start from a deal the records table still holds.
    static func v4_featureStore(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE feature_stage_transitions (
                org TEXT NOT NULL, deal TEXT NOT NULL, at INTEGER NOT NULL, to_stage TEXT NOT NULL,
                from_stage TEXT,
                PRIMARY KEY (org, deal, at, to_stage)) WITHOUT ROWID;

            CREATE TABLE feature_activities (
                org TEXT NOT NULL, activity TEXT NOT NULL, deal TEXT NOT NULL, at INTEGER NOT NULL,
                weight REAL NOT NULL, sentiment REAL, competitor_mentions INTEGER NOT NULL,
                seniority REAL, contact TEXT,
                PRIMARY KEY (org, activity)) WITHOUT ROWID;
            CREATE INDEX feature_activities_by_deal ON feature_activities (org, deal, at);

            CREATE TABLE feature_counters (
                org TEXT NOT NULL, deal TEXT NOT NULL,
                stage_changes INTEGER NOT NULL, stage TEXT, stage_entered_at INTEGER,
                engagement REAL NOT NULL, engagement_as_of INTEGER,
                PRIMARY KEY (org, deal)) WITHOUT ROWID;

            CREATE TABLE feature_aggregates (
                org TEXT PRIMARY KEY NOT NULL, computed_at INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            """)
    }
}
