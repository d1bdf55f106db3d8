import DealSyncCore
import DealSyncStore
import Foundation
import Logging

/// Drains one source account's jobs: claims batches in priority order, spends the account's
/// budget (and the org's, when several accounts share one), runs up to
/// `limits.concurrentBatches` batches at once, and records each outcome.
/// `run()` returns after `stop()` once the batches in flight have finished; anything still
/// marked in flight is then released, so nothing is marked done that the API did not accept.
public actor SourceWorker {
    public nonisolated let source: SourceID
    public nonisolated let queue: DurableQueue
    private let limits: BatchLimits
    private let executor: any JobExecutor
    private let clock: any WallClock
    private let idleInterval: TimeInterval
    private let logger: Logger
    private var bucket: TokenBucket
    private let orgBudget: SharedBudget?
    private var breaker: CircuitBreaker
    private var stopping = false
    private var woken = false
    private var running = 0

    public init(source: SourceID, queue: DurableQueue, limits: BatchLimits, budget: RateBudgetConfig,
                orgBudget: SharedBudget? = nil, breaker: CircuitBreaker = CircuitBreaker(), executor: any JobExecutor,
                clock: any WallClock = SystemWallClock(), idleInterval: TimeInterval = 0.2,
                logger: Logger = Logger(label: "dealsync.queue")) {
        self.source = source
        self.queue = queue
        self.limits = limits
        self.bucket = TokenBucket(config: budget)
        self.orgBudget = orgBudget
        self.breaker = breaker
        self.executor = executor
        self.clock = clock
        self.idleInterval = idleInterval
        var logger = logger
        logger[metadataKey: "org.id"] = "\(queue.store.org)"
        logger[metadataKey: "source.id"] = "\(source)"
        self.logger = logger
    }

    /// A snapshot for `dealsyncctl queue` and `/metrics`.
    public struct Status: Sendable, Hashable {
        /// `closed`, `open` or `half_open`.
        public var breaker: String
        /// Requests ordinary work may still send in the current burst window, of `burstLimit`.
        public var burstAvailable: Int
        public var burstLimit: Int
        public var burstWindow: TimeInterval
        /// What the daily quota has left (the API's last word minus what we sent since); nil
        /// until known or when the API has none.
        public var dailyRemaining: Int?
        /// Requests this daemon may still send today under its share of the quota.
        public var dailyShareLeft: Int?
        public var pausedUntil: Date?
        public var batchesInFlight: Int
    }

    public func status() -> Status {
        let config = bucket.config
        let cap = config.dailyLimit.map { Int((Double($0) * config.dailyShare).rounded(.down)) }
        return Status(breaker: breaker.stateName, burstAvailable: bucket.burstAvailable(priority: .normal, now: clock.now()),
                      burstLimit: config.burstLimit, burstWindow: config.burstWindow, dailyRemaining: bucket.dailyRemaining,
                      dailyShareLeft: cap.map { max(0, $0 - bucket.usedToday) },
                      pausedUntil: bucket.pausedUntil.flatMap { $0 > clock.now() ? $0 : nil }, batchesInFlight: running)
    }

    /// Asks the loop to start no new batch; `run()` returns once the current ones finish.
    public func stop() { stopping = true }

    /// Cuts an idle wait short (new jobs were enqueued).
    public func wake() { woken = true }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            while !stopping, !Task.isCancelled {
                if running >= limits.concurrentBatches {
                    _ = await group.next()
                    continue
                }
                switch await nextBatch() {
                case .batch(let batch, let sentAt):
                    running += 1
                    group.addTask { await self.execute(batch, sentAt: sentAt) }
                case .wait(let seconds):
                    await idle(seconds)
                }
            }
            await group.waitForAll()
        }
        do {
            let released = try await queue.releaseInflight(source: source)
            if released > 0 { logger.info("released unfinished jobs", metadata: ["job.count": "\(released)"]) }
        } catch {
            logger.error("could not release in-flight jobs", metadata: ["error": "\(error)"])
        }
    }

    /// A batch to send, with the time its request was drawn from the budget; or how long to wait.
    private enum Next { case batch([Job], sentAt: Date), wait(TimeInterval) }

    private func nextBatch() async -> Next {
        let now = clock.now()
        guard await executor.isReady() else { return .wait(idleInterval * 5) }
        do {
            if try await queue.store.read({ tx in try tx.source(self.source)?.paused }) == true {
                return .wait(idleInterval * 5)
            }
        } catch {
            return .wait(idleInterval)
        }
        guard breaker.wouldAllow(now: now) else {
            return .wait(max(idleInterval, breaker.retryAt.map { $0.timeIntervalSince(now) } ?? idleInterval))
        }
        // Trial acquisitions on copies: when only the reserve is left, claim only work allowed
        // to spend it; when nothing is left, wait for the earliest time the budget frees up.
        let floor: JobPriority
        var trial = bucket
        if case .granted = trial.acquire(priority: .backfill, now: now) {
            floor = .backfill
        } else {
            trial = bucket
            if case .wait(let until, _) = trial.acquire(priority: .normal, now: now) {
                return .wait(until.timeIntervalSince(now))
            }
            floor = .normal
        }
        if let orgBudget, case .wait(let until, _) = await orgBudget.wouldGrant(priority: floor, now: now) {
            return .wait(until.timeIntervalSince(now))
        }
        let batch: [Job]
        do {
            batch = try await queue.claim(source: source, limits: limits, minimumPriority: floor)
        } catch {
            logger.error("claim failed", metadata: ["error": "\(error)"])
            return .wait(idleInterval)
        }
        guard let top = batch.map(\.priority).max() else { return .wait(idleInterval) }
        let sentAt = clock.now()
        var decision = bucket.acquire(priority: top, now: sentAt)
        if case .granted = decision, let orgBudget {
            decision = await orgBudget.acquire(priority: top, now: sentAt)
        }
        if case .granted = decision, breaker.allowRequest(now: clock.now()) { return .batch(batch, sentAt: sentAt) }
        // Another batch's outcome changed the picture while we claimed: hand the jobs back
        // unharmed (no attempt counted) and wait.
        let until: Date
        if case .wait(let budgetUntil, _) = decision { until = budgetUntil } else { until = breaker.retryAt ?? now }
        _ = try? await queue.fail(batch, error: SyncError(.rateLimited(until: until), code: "queue.deferred",
                                                          message: "budget or breaker closed before sending"))
        return .wait(max(idleInterval, until.timeIntervalSince(now)))
    }

    private func execute(_ batch: [Job], sentAt: Date) async {
        let started = Date()
        let outcome = await executor.execute(batch)
        QueueMetrics.batch(org: queue.store.org, source: source, seconds: Date().timeIntervalSince(started))
        await record(batch, outcome, sentAt: sentAt)
    }

    private func record(_ batch: [Job], _ outcome: BatchOutcome, sentAt: Date) async {
        defer { running -= 1 }
        let now = clock.now()
        bucket.answered(sentAt: sentAt, at: now)
        await orgBudget?.answered(sentAt: sentAt, at: now)
        if outcome.requests > 1 {
            bucket.charge(outcome.requests - 1, now: now)
            await orgBudget?.charge(outcome.requests - 1, now: now)
        }
        if let snapshot = outcome.rateLimit { bucket.observe(snapshot, now: now) }
        do {
            let org = queue.store.org
            if !outcome.succeeded.isEmpty {
                let acked = try await queue.ack(outcome.succeeded)
                QueueMetrics.jobs(org: org, source: source, outcome: "succeeded", count: acked)
            }
            var retryable = false
            var failures = Dictionary(grouping: batch.filter { outcome.failed[$0.id] != nil }) { outcome.failed[$0.id]! }
            // Jobs the executor forgot to report are not done: release them for another try.
            let reported = Set(outcome.succeeded).union(outcome.failed.keys)
            let forgotten = batch.filter { !reported.contains($0.id) }
            if !forgotten.isEmpty {
                failures[SyncError(.retryable, code: "queue.unreported", message: "executor returned no outcome")] = forgotten
            }
            for (error, jobs) in failures {
                if case .rateLimited(let until) = error.kind { bucket.pause(until: until) }
                if case .retryable = error.kind { retryable = true }
                let outcomes = try await queue.fail(jobs, error: error)
                for (name, group) in Dictionary(grouping: outcomes.values, by: QueueMetrics.outcomeName) {
                    QueueMetrics.jobs(org: org, source: source, outcome: name, count: group.count)
                }
                let dead = outcomes.values.filter { $0 == .deadLettered }.count
                if dead > 0 {
                    logger.warning("jobs dead-lettered", metadata: ["error.code": "\(error.code)", "job.count": "\(dead)"])
                }
            }
            if retryable && outcome.succeeded.isEmpty {
                breaker.recordFailure(now: now)
            } else {
                breaker.recordSuccess()
            }
        } catch {
            logger.error("could not record batch outcome", metadata: ["error": "\(error)", "job.count": "\(batch.count)"])
        }
    }

    private func idle(_ seconds: TimeInterval) async {
        let deadline = Date().addingTimeInterval(max(0.001, min(seconds, 60)))
        woken = false
        while !woken, !stopping, !Task.isCancelled, Date() < deadline {
            let slice = min(idleInterval, deadline.timeIntervalSinceNow)
            try? await Task.sleep(for: .milliseconds(Int(max(1, slice * 1000))))
        }
    }
}
