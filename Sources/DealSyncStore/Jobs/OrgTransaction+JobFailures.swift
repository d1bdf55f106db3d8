import DealSyncCore
import Foundation
import GRDB

extension OrgWriteTransaction {
    /// Puts an in-flight job back to pending, ready at `readyAt`. `countAttempt` is false for
    /// rate-limit waits and releases (they are not the job's fault). If a newer push for the same
    /// (record, source) was coalesced while this one was in flight, the two merge: the newer
    /// values win, the older ones that it lacks are kept. Returns the id of the pending job, or nil
    /// when `id` is not in flight.
    @discardableResult
    public func returnJob(_ id: JobID, readyAt: Date, countAttempt: Bool, error: String?) throws -> JobID? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM jobs WHERE org = ? AND id = ? AND state = 'inflight'"),
            arguments: [org.rawValue, id.rawValue]) else { return nil }
        let job = try Self.job(row)
        let attempts = job.attempts + (countAttempt ? 1 : 0)
        if job.kind == .push, let record = job.record,
           let newer = try Row.fetchOne(
               db.cachedStatement(sql: """
                   SELECT id, payload FROM jobs
                   WHERE org = ? AND source = ? AND record = ? AND kind = 'push' AND state = 'pending'
                   """), arguments: [org.rawValue, job.source.rawValue, record.description]) {
            let newerPayload = try Codec.decode(JobPayload.self, newer["payload"], column: "jobs.payload")
            let newerID: Int64 = newer["id"]
            try db.execute(sql: """
                UPDATE jobs SET payload = ?, priority = max(priority, ?), order_key = min(order_key, ?),
                  attempts = max(attempts, ?), ready_at = max(ready_at, ?), last_error = coalesce(?, last_error)
                WHERE id = ?
                """, arguments: [try Codec.encode(job.payload.merging(newer: newerPayload)), job.priority.rawValue,
                                 job.orderKey, attempts, Codec.millis(readyAt), error, newerID])
            try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [id.rawValue])
            return JobID(newerID)
        }
        try db.cachedStatement(sql: """
            UPDATE jobs SET state = 'pending', claimed_at = NULL, attempts = ?, ready_at = ?,
              last_error = coalesce(?, last_error) WHERE id = ?
            """).execute(arguments: [attempts, Codec.millis(readyAt), error, id.rawValue])
        return id
    }

    /// Returns every in-flight job of the org (or of one source) to pending, ready now, without
    /// counting an attempt. Run it at startup, when any in-flight row belongs to a dead process,
    /// and when a worker stops with batches it did not finish. Returns how many were released.
    @discardableResult
    public func releaseInflightJobs(source: SourceID? = nil) throws -> Int {
        let ids = try Int64.fetchAll(db, sql: """
            SELECT id FROM jobs WHERE org = ? AND state = 'inflight' AND (? IS NULL OR source = ?) ORDER BY id
            """, arguments: [org.rawValue, source?.rawValue, source?.rawValue])
        for id in ids {
            try returnJob(JobID(id), readyAt: now, countAttempt: false, error: nil)
        }
        return ids.count
    }

    /// Moves a job (in flight or pending) to the dead-letter table with its last error.
    /// Returns the dead letter's id, or nil when the job does not exist in this org.
    @discardableResult
    public func deadLetterJob(_ id: JobID, error: String, countAttempt: Bool = true) throws -> Int64? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE org = ? AND id = ?"),
                                         arguments: [org.rawValue, id.rawValue]) else { return nil }
        let job = try Self.job(row)
        try db.cachedStatement(sql: """
            INSERT INTO dead_letters (org, job_id, source, kind, object, record, priority, payload, attempts,
                                      enqueued_at, failed_at, last_error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                org.rawValue, id.rawValue, job.source.rawValue, job.kind.rawValue, job.object, job.record?.description,
                job.priority.rawValue, row["payload"] as String, job.attempts + (countAttempt ? 1 : 0),
                Codec.millis(job.enqueuedAt), Codec.millis(now), error,
            ])
        let letter = db.lastInsertedRowID
        try db.cachedStatement(sql: "DELETE FROM jobs WHERE id = ?").execute(arguments: [id.rawValue])
        return letter
    }

    /// Deletes a dead letter (`dealsyncctl dead-letter drop`); returns whether it existed.
    @discardableResult
    public func dropDeadLetter(_ id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM dead_letters WHERE org = ? AND id = ?", arguments: [org.rawValue, id])
        return db.changesCount > 0
    }

    /// Drops the older letters of the same record, source, kind and object as letter `id`.
    public func dropDeadLetters(replacedBy id: Int64) throws {
        try db.execute(sql: """
            DELETE FROM dead_letters WHERE org = ? AND id != ? AND (source, kind, object, record) =
                (SELECT source, kind, object, record FROM dead_letters WHERE org = ? AND id = ? AND record IS NOT NULL)
            """, arguments: [org.rawValue, id, org.rawValue, id])
    }
}

extension OrgReading {
    public func deadLetter(_ id: Int64) throws -> DeadLetter? {
        try Row.fetchOne(db, sql: "SELECT * FROM dead_letters WHERE org = ? AND id = ?", arguments: [org.rawValue, id])
            .map(Self.deadLetter)
    }

    /// Dead letters in id order after `after`, optionally of one source.
    public func deadLetters(source: SourceID? = nil, after: Int64 = 0, limit: Int = 100) throws -> [DeadLetter] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM dead_letters WHERE org = ? AND (? IS NULL OR source = ?) AND id > ? ORDER BY id LIMIT ?
            """, arguments: [org.rawValue, source?.rawValue, source?.rawValue, after, limit]).map(Self.deadLetter)
    }

    public func deadLetterCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM dead_letters WHERE org = ?", arguments: [org.rawValue]) ?? 0
    }

    static func deadLetter(_ row: Row) throws -> DeadLetter {
        guard let kind = JobKind(rawValue: row["kind"]), let priority = JobPriority(rawValue: row["priority"]) else {
            throw StoreError.corrupt("dead_letters row \(row["id"] as Int64? ?? -1)")
        }
        return DeadLetter(
            id: row["id"], jobID: JobID(row["job_id"]), source: SourceID(row["source"]), kind: kind,
            object: row["object"], record: try (row["record"] as String?).map(Codec.recordID), priority: priority,
            payload: try Codec.decode(JobPayload.self, row["payload"], column: "dead_letters.payload"),
            attempts: row["attempts"], enqueuedAt: Codec.date(row["enqueued_at"]),
            failedAt: Codec.date(row["failed_at"]), lastError: row["last_error"])
    }
}
