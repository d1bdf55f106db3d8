import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func job(_ id: JobID) throws -> Job? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE org = ? AND id = ?"),
                         arguments: [org.rawValue, id.rawValue]).map(Self.job)
    }

    /// Jobs of a source in claim order, for inspection and tests.
    public func jobs(source: SourceID? = nil, state: JobState? = nil, limit: Int = 1000) throws -> [Job] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM jobs WHERE org = ? AND (? IS NULL OR source = ?) AND (? IS NULL OR state = ?)
            ORDER BY order_key, ready_at, id LIMIT ?
            """, arguments: [org.rawValue, source?.rawValue, source?.rawValue, state?.rawValue, state?.rawValue, limit])
            .map(Self.job)
    }

    /// Depth per (source, object, priority): pending, ready, in flight, and the oldest job's age.
    public func queueDepth() throws -> [QueueDepth] {
        try Row.fetchAll(db, sql: """
            SELECT source, object, priority,
                   sum(state = 'pending') AS pending, sum(state = 'pending' AND ready_at <= ?) AS ready,
                   sum(state = 'inflight') AS inflight, min(enqueued_at) AS oldest
            FROM jobs WHERE org = ? GROUP BY source, object, priority ORDER BY source, object, priority DESC
            """, arguments: [Codec.millis(now), org.rawValue]).map { row in
            QueueDepth(source: SourceID(row["source"]), object: row["object"],
                       priority: JobPriority(rawValue: row["priority"]) ?? .normal,
                       pending: row["pending"], ready: row["ready"], inflight: row["inflight"],
                       oldestEnqueuedAt: Codec.date(row["oldest"]))
        }
    }

    static func job(_ row: Row) throws -> Job {
        guard let kind = JobKind(rawValue: row["kind"]), let state = JobState(rawValue: row["state"]),
              let priority = JobPriority(rawValue: row["priority"]) else {
            throw StoreError.corrupt("jobs row \(row["id"] as Int64? ?? -1)")
        }
        return Job(id: JobID(row["id"]), org: OrgID(row["org"]), source: SourceID(row["source"]), kind: kind,
                   object: row["object"], record: try (row["record"] as String?).map(Codec.recordID),
                   priority: priority, orderKey: row["order_key"],
                   payload: try Codec.decode(JobPayload.self, row["payload"], column: "jobs.payload"),
                   state: state, attempts: row["attempts"], readyAt: Codec.date(row["ready_at"]),
                   enqueuedAt: Codec.date(row["enqueued_at"]), lastError: row["last_error"])
    }
}

extension OrgWriteTransaction {
    /// Inserts a job in this transaction, so it commits with the change that caused it.
    /// A push for a (record, source) that already has a pending push is merged into it: newest
    /// field values win, the higher priority and earlier order are kept, and its schedule (which
    /// may be a backoff) stands. An in-flight push is never touched; the new one waits beside it.
    /// `draftIsOlder` is for re-queuing a dead letter: its values are older than a pending push's,
    /// so the pending values win the merge. Prefer DealSyncQueue's `enqueue`, which computes
    /// `orderKey`.
    @discardableResult
    public func insertJob(_ draft: JobDraft, draftIsOlder: Bool = false) throws -> EnqueueResult {
        if draft.kind == .push, let record = draft.record,
           let pending = try Row.fetchOne(
               db.cachedStatement(sql: """
                   SELECT id, payload FROM jobs
                   WHERE org = ? AND source = ? AND record = ? AND kind = 'push' AND state = 'pending'
                   """), arguments: [org.rawValue, draft.source.rawValue, record.description]) {
            let old = try Codec.decode(JobPayload.self, pending["payload"], column: "jobs.payload")
            let id: Int64 = pending["id"]
            try db.cachedStatement(sql: """
                UPDATE jobs SET payload = ?, priority = max(priority, ?), order_key = min(order_key, ?) WHERE id = ?
                """).execute(arguments: [
                    try Codec.encode(draftIsOlder ? draft.payload.merging(newer: old) : old.merging(newer: draft.payload)),
                    draft.priority.rawValue, draft.orderKey, id,
                ])
            return EnqueueResult(id: JobID(id), coalesced: true)
        }
        try db.cachedStatement(sql: """
            INSERT INTO jobs (org, source, kind, object, record, priority, order_key, payload, state, attempts,
                              ready_at, enqueued_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
            """).execute(arguments: [
                org.rawValue, draft.source.rawValue, draft.kind.rawValue, draft.object, draft.record?.description,
                draft.priority.rawValue, draft.orderKey, try Codec.encode(draft.payload),
                Codec.millis(draft.readyAt ?? now), Codec.millis(now),
            ])
        return EnqueueResult(id: JobID(db.lastInsertedRowID), coalesced: false)
    }

    /// Claims the next batch of ready jobs of `source`, marking them in flight. The head is the
    /// first ready job in (order key, ready time, id) order; when it is a push, more ready pushes
    /// of the same object follow it up to `batchSize`; other kinds run alone. A job whose record
    /// already has a job in flight is skipped, so two writes of one record never race.
    /// `minimumPriority` lets a worker spend a reserved budget on urgent jobs only.
    public func claimJobs(source: SourceID, object: String? = nil, batchSize: Int,
                          minimumPriority: JobPriority = .backfill) throws -> [Job] {
        let nowMillis = Codec.millis(now)
        let notRacing = """
            (j.record IS NULL OR NOT EXISTS (SELECT 1 FROM jobs AS f WHERE f.org = j.org AND f.source = j.source
              AND f.record = j.record AND f.state = 'inflight'))
            """
        guard let head = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, kind, object FROM jobs AS j
            WHERE org = ? AND source = ? AND state = 'pending' AND ready_at <= ? AND priority >= ?
              AND (?5 IS NULL OR object = ?5) AND \(notRacing)
            ORDER BY order_key, ready_at, id LIMIT 1
            """), arguments: [org.rawValue, source.rawValue, nowMillis, minimumPriority.rawValue, object])
        else { return [] }
        let rows: [Row]
        if head["kind"] == JobKind.push.rawValue, batchSize > 1 {
            rows = try Row.fetchAll(db.cachedStatement(sql: """
                UPDATE jobs SET state = 'inflight', claimed_at = ?1 WHERE id IN (
                  SELECT id FROM jobs AS j
                  WHERE org = ?2 AND source = ?3 AND state = 'pending' AND kind = 'push' AND object = ?4
                    AND ready_at <= ?1 AND priority >= ?5 AND \(notRacing)
                  ORDER BY order_key, ready_at, id LIMIT ?6)
                RETURNING *
                """), arguments: [nowMillis, org.rawValue, source.rawValue, head["object"] as String,
                                  minimumPriority.rawValue, batchSize])
        } else {
            rows = try Row.fetchAll(
                db.cachedStatement(sql: "UPDATE jobs SET state = 'inflight', claimed_at = ? WHERE id = ? RETURNING *"),
                arguments: [nowMillis, head["id"] as Int64])
        }
        return try rows.map(Self.job).sorted { ($0.orderKey, $0.readyAt, $0.id) < ($1.orderKey, $1.readyAt, $1.id) }
    }

    /// Removes in-flight jobs the API acknowledged. Ids that are not in flight (already released
    /// or finished) are ignored; returns how many were removed.
    @discardableResult
    public func ackJobs(_ ids: [JobID]) throws -> Int {
        var removed = 0
        let statement = try db.cachedStatement(sql: "DELETE FROM jobs WHERE org = ? AND id = ? AND state = 'inflight'")
        for id in ids {
            try statement.execute(arguments: [org.rawValue, id.rawValue])
            removed += db.changesCount
        }
        return removed
    }
}
