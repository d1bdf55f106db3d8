import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation
import Logging

/// Runs the `hook_run` jobs of one org (the `local` replica's queue): reads the change, runs the
/// pipeline outside any transaction, then commits its results with `HookResultWriter`.
///
/// A guardrail that could not vouch for the texts holds outbound work; when that kept something
/// from running (texts to enrich, external hooks to call) the job fails as retryable, so the
/// queue runs it again later with backoff, and dead-letters it for an admin if it never passes.
struct HookRunExecutor: JobExecutor {
    let store: OrgStore
    let pipeline: HookPipeline
    let writer: HookResultWriter
    let hasExternalHooks: Bool
    let catchUp: CatchUpGate
    let logger: Logger

    /// Only pushes batch, so a claim is one run; two at once keep the pipeline busy while the
    /// other commits.
    static let limits = BatchLimits(batchSize: 1, concurrentBatches: 2)
    /// No API behind it: the budget only keeps a burst of changes from starving the CRM workers.
    static let budget = RateBudgetConfig(burstLimit: 200, burstWindow: 1, reservedShare: 0)

    func execute(_ batch: [Job]) async -> BatchOutcome {
        var outcome = BatchOutcome()
        for job in batch {
            guard let request = HookRunRequest(job: job) else {
                outcome.failed[job.id] = SyncError(.validation, code: "hooks.bad_job", message: "not a readable hook_run job")
                continue
            }
            do {
                if let error = try await run(request, queuedAt: job.enqueuedAt) {
                    outcome.failed[job.id] = error
                } else {
                    outcome.succeeded.append(job.id)
                }
            } catch {
                outcome.failed[job.id] = SyncError(.retryable, code: "hooks.store", message: "\(error)")
            }
        }
        return outcome
    }

    /// Slack is for news: a change the replica stamped longer ago than this before we ran on it
    /// (catching up after downtime) is scored and written back, but not announced; neither is
    /// one queued before the org's sources were first pulled completely (`CatchUpGate`).
    static let newsWindow: TimeInterval = 3600

    /// Nil when the run is complete; an error when it must run again.
    func run(_ request: HookRunRequest, queuedAt: Date) async throws -> SyncError? {
        guard let change = try await store.read({ tx in try HookChangeReader.change(request, tx: tx) }) else {
            return nil
        }
        let (work, outcomes) = await pipeline.run(change)
        let announce = catchUp.isNews(enqueuedAt: queuedAt)
            && (request.changedAt.map { change.at.timeIntervalSince($0) <= Self.newsWindow } ?? true)
        let writer = writer
        let written = try await store.write { tx in try writer.write(work, announce: announce, tx: tx) }
        let log = logger.scoped(record: change.record, kind: change.kind)
        log.debug("hooks ran", metadata: [
            "hooks.outcomes": "\(outcomes.map { "\($0.hook)=\($0.outcome.rawValue)" }.joined(separator: ","))",
            "hooks.changed": "\(written.local.changed.joined(separator: ","))", "hooks.pushes": "\(written.local.jobs)",
            "hooks.reviews": "\(written.reviews)", "hooks.notifications": "\(written.notifications)",
            "hooks.deduplicated": "\(written.deduplicated)",
        ])
        for (hook, outcome) in outcomes where outcome != .success {
            // A fallback is the designed answer to a failure (rules for a model): worth knowing,
            // not worth waking someone; a failure dropped the hook's output.
            log.log(level: outcome == .failure ? .warning : .info, "hook did not complete",
                    metadata: ["hook": "\(hook)", "hook.outcome": "\(outcome.rawValue)"])
        }
        if case .held(let reason) = work.outbound, hasExternalHooks || !change.texts.isEmpty {
            return SyncError(.retryable, code: "hooks.outbound_held", message: reason)
        }
        return nil
    }
}

extension Logger {
    func scoped(record: RecordID, kind: RecordKind) -> Logger {
        var logger = self
        logger[metadataKey: "record.id"] = "\(record)"
        logger[metadataKey: LogKeys.object] = "\(kind.rawValue)"
        return logger
    }
}
