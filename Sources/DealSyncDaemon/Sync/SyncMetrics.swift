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
        if r.conflicts > 0 {
            registry.counter("dealsync_conflicts_total", "Concurrent edits settled by policy or parked for an admin", labels)
                .increment(by: Int64(r.conflicts))
        }
    }

    func pushed(succeeded: Int, failed: Int, org: OrgID, source: SourceID, object: String) {
        let labels = [("org", org.rawValue), ("source", source.rawValue), ("object", object)]
        let help = "Pushes to a source acknowledged by its API, or failed"
        if succeeded > 0 { registry.counter("dealsync_changes_out_total", help, labels + [("outcome", "written")]).increment(by: Int64(succeeded)) }
        if failed > 0 { registry.counter("dealsync_changes_out_total", help, labels + [("outcome", "failed")]).increment(by: Int64(failed)) }
    }

    /// Lag is `time() - dealsync_sync_last_success_timestamp_seconds` in PromQL.
    func pollSucceeded(org: OrgID, source: SourceID) {
        registry.gauge("dealsync_sync_last_success_timestamp_seconds", "Unix time of the last complete pull of a source",
                       [("org", org.rawValue), ("source", source.rawValue)]).set(to: Date().timeIntervalSince1970)
    }

    func pollFailed(org: OrgID, source: SourceID, code: String) {
        registry.counter("dealsync_sync_errors_total", "Pulls that failed, by error code",
                         [("org", org.rawValue), ("source", source.rawValue), ("code", code)]).increment()
    }
}
