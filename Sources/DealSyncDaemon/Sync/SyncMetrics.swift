import DealSyncCore
import DealSyncSync
import Foundation
import Prometheus

/// The sync's series on the daemon's registry; labels are bounded (org, source, object, outcome),
/// never record ids.
struct SyncMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    func pulled(_ r: IngestReport, org: OrgID, source: SourceID, object: RecordKind) {
        let labels = [("org", org.rawValue), ("source", source.rawValue), ("object", object.rawValue)]
        let help = "Records read from a source, by what the engine made of them"
        for (outcome, count) in [("changed", r.changed), ("unchanged", r.unchanged), ("created", r.created),
                                 ("matched", r.matched), ("deleted", r.deleted)] where count > 0 {
            registry.counter("dealsync_changes_in_total", help, labels + [("outcome", outcome)]).increment(by: Int64(count))
        }
        for (policy, count) in r.conflictsByPolicy {
            registry.counter("dealsync_conflicts_total", "Concurrent edits settled by policy or parked for an admin",
                             labels + [("policy", policy)]).increment(by: Int64(count))
        }
    }

    func pushed(succeeded: Int, failed: Int, org: OrgID, source: SourceID, object: String) {
        let labels = [("org", org.rawValue), ("source", source.rawValue), ("object", object)]
        let help = "Pushes to a source acknowledged by its API, or failed"
        if succeeded > 0 { registry.counter("dealsync_changes_out_total", help, labels + [("outcome", "written")]).increment(by: Int64(succeeded)) }
        if failed > 0 { registry.counter("dealsync_changes_out_total", help, labels + [("outcome", "failed")]).increment(by: Int64(failed)) }
    }

    /// `lagSeconds` is how long the pass took: the age of the oldest change it could have missed
    /// when it ended. Between passes, lag is `time() - dealsync_sync_last_success_timestamp_seconds`.
    func pollSucceeded(org: OrgID, source: SourceID, lagSeconds: Double) {
        let labels = [("org", org.rawValue), ("source", source.rawValue)]
        registry.gauge("dealsync_sync_last_success_timestamp_seconds", "Unix time of the last complete pull of a source",
                       labels).set(to: Date().timeIntervalSince1970)
        registry.gauge("dealsync_sync_lag_seconds", "Age of the oldest change a source's last complete pull could have missed",
                       labels).set(to: lagSeconds)
    }

    /// Set after each reconciliation; drifted records are then fetched again, so a value that
    /// stays above zero across passes is what needs an operator.
    func drift(_ records: Int, org: OrgID, source: SourceID, object: RecordKind) {
        registry.gauge("dealsync_drift_records", "Records a source and the store disagree on at the last reconciliation",
                       [("org", org.rawValue), ("source", source.rawValue), ("object", object.rawValue)]).set(to: Double(records))
    }

    func pollFailed(org: OrgID, source: SourceID, code: String) {
        registry.counter("dealsync_sync_errors_total", "Pulls that failed, by error code",
                         [("org", org.rawValue), ("source", source.rawValue), ("code", code)]).increment()
    }
}
