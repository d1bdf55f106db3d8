import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func featureCounters(deal: RecordID) throws -> DealFeatureCounters? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM feature_counters WHERE org = ? AND deal = ?"),
            arguments: [org.rawValue, deal.description]) else { return nil }
        return DealFeatureCounters(
            stageChanges: row["stage_changes"], stage: row["stage"],
            stageEnteredAt: (row["stage_entered_at"] as Int64?).map(Codec.date),
            engagement: row["engagement"], engagementAsOf: (row["engagement_as_of"] as Int64?).map(Codec.date))
    }

    /// A deal's transitions in time order, or every deal's when `deal` is nil.
    public func stageTransitions(deal: RecordID? = nil) throws -> [StageTransition] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM feature_stage_transitions WHERE org = ? AND (? IS NULL OR deal = ?) ORDER BY deal, at, to_stage
            """), arguments: [org.rawValue, deal?.description, deal?.description])
        return try rows.map { row in
            StageTransition(deal: try Codec.recordID(row["deal"]), at: Codec.date(row["at"]), from: row["from_stage"], to: row["to_stage"])
        }
    }

    /// The named fields of several records, values only: a feature lookup needs neither the
    /// vectors nor the other fields, and decoding them was most of its time.
    public func fieldValues(_ names: Set<String>, of records: Set<RecordID>) throws -> [RecordID: [String: FieldValue]] {
        guard !names.isEmpty, !records.isEmpty else { return [:] }
        let nameMarks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let recordMarks = Array(repeating: "?", count: records.count).joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: """
            SELECT record, name, value FROM fields WHERE org = ? AND record IN (\(recordMarks)) AND name IN (\(nameMarks))
            """, arguments: StatementArguments([org.rawValue] + records.map(\.description) + names.sorted()))
        var result: [RecordID: [String: FieldValue]] = [:]
        for row in rows {
            result[try Codec.recordID(row["record"]), default: [:]][row["name"]] = try Codec.decode(FieldValue.self, row["value"], column: "fields.value")
        }
        return result
    }

    public func stageTransitionCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM feature_stage_transitions WHERE org = ?"),
                         arguments: [org.rawValue]) ?? 0
    }

    /// A deal's activities, oldest first.
    public func activitySignals(deal: RecordID) throws -> [ActivitySignal] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM feature_activities WHERE org = ? AND deal = ? ORDER BY at, activity
            """), arguments: [org.rawValue, deal.description])
        return try rows.map(Self.activitySignal)
    }

    /// Every live deal's stage, owner and company industry, for the win-rate aggregates.
    public func dealOutcomeRows() throws -> [DealOutcomeRow] {
        var industries: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT f.record, f.value FROM fields f JOIN records r ON r.org = f.org AND r.id = f.record
            WHERE f.org = ? AND f.name = 'industry' AND r.kind = 'company'
            """, arguments: [org.rawValue]) {
            if case .string(let industry) = try Codec.decode(FieldValue.self, row["value"], column: "fields.value") {
                industries[row["record"]] = industry
            }
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.id, s.value AS stage, o.value AS owner, c.value AS company FROM records r
            LEFT JOIN fields s ON s.org = r.org AND s.record = r.id AND s.name = 'stage'
            LEFT JOIN fields o ON o.org = r.org AND o.record = r.id AND o.name = 'owner'
            LEFT JOIN fields c ON c.org = r.org AND c.record = r.id AND c.name = 'company'
            WHERE r.org = ? AND r.kind = 'deal' AND r.deleted_at IS NULL
            """, arguments: [org.rawValue])
        return try rows.map { row in
            func value(_ column: String) throws -> FieldValue? {
                try (row[column] as String?).map { try Codec.decode(FieldValue.self, $0, column: "fields.value") }
            }
            var company: String?
            if case .reference(let id)? = try value("company") { company = id.description }
            return DealOutcomeRow(deal: try Codec.recordID(row["id"]), stage: try value("stage")?.featureText,
                                  owner: try value("owner")?.featureText, industry: company.flatMap { industries[$0] })
        }
    }

    public func featureAggregates() throws -> FeatureAggregates? {
        guard let body = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM feature_aggregates WHERE org = ?"),
                                             arguments: [org.rawValue]) else { return nil }
        return try Codec.decode(FeatureAggregates.self, body, column: "feature_aggregates.body")
    }

    static func activitySignal(_ row: Row) throws -> ActivitySignal {
        ActivitySignal(
            activity: try Codec.recordID(row["activity"]), deal: try Codec.recordID(row["deal"]), at: Codec.date(row["at"]),
            weight: row["weight"], sentiment: row["sentiment"], competitorMentions: row["competitor_mentions"],
            seniority: row["seniority"], contact: try (row["contact"] as String?).map(Codec.recordID))
    }
}

extension OrgWriteTransaction {
    /// Records a transition and counts it; false when it was already recorded (a hook job that
    /// ran again after a crash), so nothing is counted twice.
    @discardableResult
    public func recordStageTransition(_ transition: StageTransition) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO feature_stage_transitions (org, deal, at, to_stage, from_stage) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: [org.rawValue, transition.deal.description, Codec.millis(transition.at), transition.to, transition.from])
        guard db.changesCount > 0 else { return false }
        var counters = try featureCounters(deal: transition.deal) ?? DealFeatureCounters()
        counters.add(transition)
        try saveFeatureCounters(counters, deal: transition.deal)
        return true
    }

    /// Records what an activity says, replacing what it said before (or forgetting it when
    /// `signal` is nil: the activity no longer names a deal). With `keepingTextSignals`, the
    /// change carried no text (a status or date edit), so what earlier text said (sentiment,
    /// competitors, seniority) is kept. Returns the deals whose counters changed.
    @discardableResult
    public func recordActivitySignal(activity: RecordID, _ signal: ActivitySignal?, keepingTextSignals: Bool = false) throws -> Set<RecordID> {
        let old = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM feature_activities WHERE org = ? AND activity = ?"),
                                   arguments: [org.rawValue, activity.description]).map(Self.activitySignal)
        var signal = signal
        if keepingTextSignals, let old, signal != nil {
            signal?.sentiment = old.sentiment
            signal?.competitorMentions = old.competitorMentions
            signal?.seniority = old.seniority
        }
        if old == signal { return [] }
        var touched: Set<RecordID> = []
        if let old {
            try db.cachedStatement(sql: "DELETE FROM feature_activities WHERE org = ? AND activity = ?")
                .execute(arguments: [org.rawValue, activity.description])
            var counters = try featureCounters(deal: old.deal) ?? DealFeatureCounters()
            counters.remove(old)
            try saveFeatureCounters(counters, deal: old.deal)
            touched.insert(old.deal)
        }
        if let signal {
            try db.cachedStatement(sql: """
                INSERT INTO feature_activities (org, activity, deal, at, weight, sentiment, competitor_mentions, seniority, contact)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    org.rawValue, activity.description, signal.deal.description, Codec.millis(signal.at), signal.weight,
                    signal.sentiment, signal.competitorMentions, signal.seniority, signal.contact?.description])
            var counters = try featureCounters(deal: signal.deal) ?? DealFeatureCounters()
            counters.add(signal)
            try saveFeatureCounters(counters, deal: signal.deal)
            touched.insert(signal.deal)
        }
        return touched
    }

    /// Stores the org's aggregates and rewrites every deal's counters from its recorded events
    /// (the daily full recompute); returns how many deals' counters were rewritten.
    @discardableResult
    public func replaceFeatureAggregates(_ aggregates: FeatureAggregates) throws -> Int {
        try db.execute(sql: """
            INSERT INTO feature_aggregates (org, computed_at, body) VALUES (?, ?, ?)
            ON CONFLICT (org) DO UPDATE SET computed_at = excluded.computed_at, body = excluded.body
            """, arguments: [org.rawValue, Codec.millis(aggregates.computedAt), try Codec.encode(aggregates)])
        var transitions: [RecordID: [StageTransition]] = [:]
        for t in try stageTransitions() { transitions[t.deal, default: []].append(t) }
        var activities: [RecordID: [ActivitySignal]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM feature_activities WHERE org = ?", arguments: [org.rawValue]) {
            let signal = try Self.activitySignal(row)
            activities[signal.deal, default: []].append(signal)
        }
        try db.execute(sql: "DELETE FROM feature_counters WHERE org = ?", arguments: [org.rawValue])
        let deals = Set(transitions.keys).union(activities.keys)
        for deal in deals {
            try saveFeatureCounters(.rebuilt(transitions: transitions[deal] ?? [], activities: activities[deal] ?? []), deal: deal)
        }
        return deals.count
    }

    private func saveFeatureCounters(_ c: DealFeatureCounters, deal: RecordID) throws {
        try db.cachedStatement(sql: """
            INSERT INTO feature_counters (org, deal, stage_changes, stage, stage_entered_at, engagement, engagement_as_of)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (org, deal) DO UPDATE SET stage_changes = excluded.stage_changes, stage = excluded.stage,
              stage_entered_at = excluded.stage_entered_at, engagement = excluded.engagement,
              engagement_as_of = excluded.engagement_as_of
            """).execute(arguments: [org.rawValue, deal.description, c.stageChanges, c.stage, c.stageEnteredAt.map(Codec.millis),
                                     c.engagement, c.engagementAsOf.map(Codec.millis)])
    }
}

extension FieldValue {
    /// The text of a string or enumeration value (a stage, an owner email).
    var featureText: String? {
        switch self {
        case .string(let s), .enumeration(let s): s
        default: nil
        }
    }
}
