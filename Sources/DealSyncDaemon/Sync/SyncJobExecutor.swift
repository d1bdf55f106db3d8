import DealSyncConnectors
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation
import Logging

/// Runs the jobs a source's queue worker claims: push batches through the connector, and admin
/// resyncs (the cursor is forgotten and the poller re-reads the object from the start).
struct SyncJobExecutor: JobExecutor {
    let source: SourceID
    let engine: SyncEngine
    let connector: any CRMConnector
    let poller: SourcePoller
    let metrics: SyncMetrics
    let logger: Logger

    /// No writes to a source before this process has read all of it once. A push planned as a
    /// create while the source's own pages were unread (a backfill racing the other sources', or
    /// a crash mid-backfill leaving creates queued) would duplicate the record the source
    /// already holds; once read, identity matching links it and the create becomes an update.
    func isReady() async -> Bool {
        poller.runtime.progress.entry(SourceRef(org: engine.store.org, source: source)).lastSuccess != nil
    }

    func execute(_ batch: [Job]) async -> BatchOutcome {
        guard let first = batch.first else { return BatchOutcome() }
        switch first.kind {
        case .push: return await push(batch)
        case .resync: return await resync(batch)
        case .pullPage, .hookRun, .notification:
            // Not produced for CRM sources; finishing them keeps a stray row from blocking the queue.
            return BatchOutcome(succeeded: batch.map(\.id))
        }
    }

    private func resync(_ batch: [Job]) async -> BatchOutcome {
        do {
            for job in batch {
                try await engine.store.write { tx in try tx.setCursor("", source: source, object: job.object) }
            }
            await poller.wake()
            return BatchOutcome(succeeded: batch.map(\.id))
        } catch {
            return .allFailed(batch, SyncError(.retryable, code: "store.write", message: "\(error)"))
        }
    }

    private func push(_ batch: [Job]) async -> BatchOutcome {
        let plans: [PlannedPush]
        do {
            plans = try await engine.planPushes(batch, to: source)
        } catch {
            return .allFailed(batch, SyncError(.retryable, code: "sync.plan", message: "\(error)"))
        }
        var outcome = BatchOutcome()
        let toSend = plans.compactMap { plan in Self.operation(plan).map { (plan, $0) } }
        var results: [(PlannedPush, PushOutcome)] = plans.filter { $0.operation == .none }.map { ($0, .written(externalID: "")) }
        let requests = RequestCount()
        if let kind = toSend.first?.0.kind {
            do {
                let written = try await requests.measure { try await connector.write(kind, toSend.map(\.1)) }
                for ((plan, _), result) in zip(toSend, written) {
                    switch result {
                    case .written(let id, _): results.append((plan, .written(externalID: id)))
                    case .preconditionFailed: results.append((plan, .changedRemotely))
                    case .failed(let error): results.append((plan, .failed(error)))
                    }
                }
            } catch let error as SyncError {
                outcome.rateLimit = await connector.rateLimit()
                for (plan, _) in toSend { results.append((plan, .failed(error))) }
            } catch {
                for (plan, _) in toSend { results.append((plan, .failed(SyncError(.retryable, code: "connector", message: "\(error)")))) }
            }
        }
        outcome.requests = max(1, requests.value)
        do {
            try await engine.confirmPushes(results, to: source)
        } catch {
            // Nothing is marked done that was not recorded: the whole batch runs again.
            var failed = BatchOutcome.allFailed(batch, SyncError(.retryable, code: "store.write", message: "\(error)"))
            failed.requests = outcome.requests
            return failed
        }
        for (plan, result) in results {
            switch result {
            case .written: outcome.succeeded.append(plan.job)
            case .changedRemotely:
                // The CRM moved on under us: read it again, then the resolver decides anew.
                await poller.hint(ChangeHint(kind: plan.kind, externalID: Self.externalID(plan) ?? "", deleted: false))
                outcome.failed[plan.job] = SyncError(.retryable, code: "sync.precondition_failed", message: "changed in the CRM since read")
            case .failed(let error): outcome.failed[plan.job] = error
            }
        }
        if outcome.rateLimit == nil { outcome.rateLimit = await connector.rateLimit() }
        metrics.pushed(succeeded: outcome.succeeded.count, failed: outcome.failed.count, org: engine.store.org, source: source,
                       object: batch.first?.object ?? "")
        return outcome
    }

    /// The connector call a plan needs; nil when there is nothing to send.
    static func operation(_ plan: PlannedPush) -> WriteOperation? {
        switch plan.operation {
        case .create: .create(dealSyncID: plan.record, fields: plan.fields)
        case .update(let id): .update(externalID: id, fields: plan.fields, unmodifiedSince: plan.lastSeenStamp)
        case .delete(let id): .delete(externalID: id)
        case .none: nil
        }
    }

    static func externalID(_ plan: PlannedPush) -> String? {
        switch plan.operation {
        case .update(let id), .delete(let id): id
        case .create, .none: nil
        }
    }
}
