import DealSyncCore
import DealSyncStore
import Foundation
import Metrics

/// The queue's metrics, named for Prometheus (`dealsync_` prefix) with bounded labels only:
/// org, source, object, priority, outcome — never a record or job id.
public enum QueueMetrics {
    /// Publishes one org's depth gauges from `DurableQueue.stats()`; call it on a timer.
    public static func publish(org: OrgID, stats: QueueStats) {
        for depth in stats.depths {
            let labels = [("org", org.rawValue), ("source", depth.source.rawValue), ("object", depth.object),
                          ("priority", name(depth.priority))]
            Gauge(label: "dealsync_queue_depth", dimensions: labels).record(depth.pending)
            Gauge(label: "dealsync_queue_ready_jobs", dimensions: labels).record(depth.ready)
            Gauge(label: "dealsync_queue_inflight_jobs", dimensions: labels).record(depth.inflight)
        }
        Gauge(label: "dealsync_queue_dead_letters", dimensions: [("org", org.rawValue)]).record(stats.deadLetters)
        Gauge(label: "dealsync_queue_oldest_job_age_seconds", dimensions: [("org", org.rawValue)])
            .record(stats.oldestAge ?? 0)
    }

    /// Publishes a worker's budget and breaker state.
    public static func publish(org: OrgID, source: SourceID, status: SourceWorker.Status) {
        let labels = [("org", org.rawValue), ("source", source.rawValue)]
        Gauge(label: "dealsync_queue_burst_budget_available", dimensions: labels).record(status.burstAvailable)
        if let daily = status.dailyRemaining {
            Gauge(label: "dealsync_queue_daily_budget_remaining", dimensions: labels).record(daily)
        }
        // 0 closed, 1 half-open (probing), 2 open: alert on > 0 for long.
        let breaker = ["closed": 0, "half_open": 1, "open": 2][status.breaker] ?? 2
        Gauge(label: "dealsync_queue_breaker_state", dimensions: labels).record(breaker)
        Gauge(label: "dealsync_queue_batches_inflight", dimensions: labels).record(status.batchesInFlight)
    }

    /// Counts finished jobs by outcome: `succeeded`, `retried`, `rate_limited`, `dead_lettered`,
    /// `paused`.
    static func jobs(org: OrgID, source: SourceID, outcome: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: "dealsync_queue_jobs_total",
                dimensions: [("org", org.rawValue), ("source", source.rawValue), ("outcome", outcome)])
            .increment(by: count)
    }

    static func batch(org: OrgID, source: SourceID, seconds: TimeInterval) {
        Metrics.Timer(label: "dealsync_queue_batch_duration_seconds",
                      dimensions: [("org", org.rawValue), ("source", source.rawValue)])
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// The label value of a priority class.
    public static func name(_ priority: JobPriority) -> String {
        switch priority {
        case .backfill: "backfill"
        case .normal: "normal"
        case .highValue: "high_value"
        case .adminResync: "admin_resync"
        }
    }

    static func outcomeName(_ outcome: FailureOutcome) -> String {
        switch outcome {
        case .retryAt(_, let counted): counted ? "retried" : "rate_limited"
        case .deadLettered: "dead_lettered"
        case .sourcePaused: "paused"
        case .notInFlight: "stale"
        }
    }
}
