import DealSyncCore
import DealSyncStore
import Foundation

/// What `DurableQueue.fail` did with a job.
public enum FailureOutcome: Sendable, Hashable {
    /// Back to pending, ready at the given time; `attemptCounted` is false for rate limits.
    case retryAt(Date, attemptCounted: Bool)
    /// Moved to the dead letter (validation error, or attempts spent).
    case deadLettered
    /// Credentials were refused: the job waits and its source was paused for an operator.
    case sourcePaused
    /// The job was no longer in flight (already acknowledged or released).
    case notInFlight
}

/// The queue of one org, over the store: claim, acknowledge, fail, release, dead letters and
/// depth. Enqueueing happens inside the change's own transaction (`OrgWriteTransaction.enqueue`).
/// Every operation is one short write transaction, so workers of several sources share it safely.
public struct DurableQueue: Sendable {
    public let store: OrgStore
    public var backoff: Backoff
    public var aging: PriorityAging

    public init(store: OrgStore, backoff: Backoff = Backoff(), aging: PriorityAging = .standard) {
        self.store = store
        self.backoff = backoff
        self.aging = aging
    }

    /// Claims the next batch of `source` (see `OrgWriteTransaction.claimJobs`).
    public func claim(source: SourceID, object: String? = nil, limits: BatchLimits,
                      minimumPriority: JobPriority = .backfill) async throws -> [Job] {
        try await store.write { tx in
            try tx.claimJobs(source: source, object: object, batchSize: limits.batchSize,
                             minimumPriority: minimumPriority)
        }
    }

    /// Removes jobs the API acknowledged. Only call it for jobs the API really accepted.
    @discardableResult
    public func ack(_ ids: [JobID]) async throws -> Int {
        try await store.write { tx in try tx.ackJobs(ids) }
    }

    /// Records that jobs failed with `error` and decides their fate by its kind:
    /// rate-limited → wait until the limit lifts, no attempt counted; retryable → backoff with
    /// full jitter, or dead letter once `backoff.maxAttempts` are spent; validation → dead letter
    /// at once; auth → wait, and the source is paused (the connector already tried one refresh).
    public func fail(_ jobs: [Job], error: SyncError) async throws -> [JobID: FailureOutcome] {
        let backoff = backoff
        return try await store.write { tx in
            var rng = SystemRandomNumberGenerator()
            var outcomes: [JobID: FailureOutcome] = [:]
            for job in jobs {
                outcomes[job.id] = try Self.fail(job, error: error, backoff: backoff, in: tx, using: &rng)
            }
            return outcomes
        }
    }

    static func fail<R: RandomNumberGenerator>(_ job: Job, error: SyncError, backoff: Backoff,
                                               in tx: OrgWriteTransaction, using rng: inout R) throws -> FailureOutcome {
        guard let current = try tx.job(job.id), current.state == .inflight else { return .notInFlight }
        let message = error.description
        switch error.kind {
        case .rateLimited(let until):
            let readyAt = max(until, tx.now)
            try tx.returnJob(job.id, readyAt: readyAt, countAttempt: false, error: message)
            return .retryAt(readyAt, attemptCounted: false)
        case .validation:
            try deadLetter(current, error: message, in: tx)
            return .deadLettered
        case .auth:
            try tx.returnJob(job.id, readyAt: tx.now, countAttempt: false, error: message)
            if try tx.source(job.source)?.paused == false {
                try tx.setPaused(job.source, reason: "auth: \(error.code)")
            }
            return .sourcePaused
        case .retryable:
            switch backoff.decision(afterAttempt: current.attempts + 1, using: &rng) {
            case .giveUp:
                try deadLetter(current, error: message, in: tx)
                return .deadLettered
            case .retry(let delay):
                let readyAt = tx.now.addingTimeInterval(delay)
                try tx.returnJob(job.id, readyAt: readyAt, countAttempt: true, error: message)
                return .retryAt(readyAt, attemptCounted: true)
            }
        }
    }

    /// Moves a job to the dead letter, keeping one letter per (record, source, kind): a record
    /// the sync pushes again after its push was rejected (every re-read of it enqueues one)
    /// replaces its older letter instead of piling up beside it, and the newest values win.
    static func deadLetter(_ job: Job, error: String, in tx: OrgWriteTransaction) throws {
        guard let letter = try tx.deadLetterJob(job.id, error: error) else { return }
        try tx.dropDeadLetters(replacedBy: letter)
    }

    /// Startup recovery for the whole process: every org's in-flight jobs belong to a process
    /// that is gone (one daemon per store file), so all return to pending. Call it once after
    /// `Store.open`, before any worker starts. Returns how many were released.
    public static func recoverAfterRestart(_ store: Store) async throws -> Int {
        var released = 0
        for org in try store.orgs() {
            released += try await DurableQueue(store: store.org(org)).releaseInflight()
        }
        return released
    }

    /// Returns in-flight jobs to pending without counting an attempt: at startup (rows left by a
    /// killed process) and when a worker stops with unfinished batches. Returns how many.
    @discardableResult
    public func releaseInflight(source: SourceID? = nil) async throws -> Int {
        try await store.write { tx in try tx.releaseInflightJobs(source: source) }
    }
}
