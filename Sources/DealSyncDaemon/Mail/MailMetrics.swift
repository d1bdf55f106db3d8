import DealSyncCore
import Foundation
import Prometheus

/// The mail watchers' series; labels are org and source (and a bounded outcome), never message ids.
struct MailMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    func seen(_ count: Int, created: Int, org: OrgID, source: SourceID) {
        let labels = [("org", org.rawValue), ("source", source.rawValue)]
        guard count > 0 else { return }
        registry.counter("dealsync_mail_messages_total", "Messages a mailbox watcher read", labels).increment(by: Int64(count))
        let help = "Messages logged as a new activity, or recognised as already logged"
        if created > 0 { registry.counter("dealsync_mail_activities_total", help, labels + [("outcome", "created")]).increment(by: Int64(created)) }
        if count > created {
            registry.counter("dealsync_mail_activities_total", help, labels + [("outcome", "duplicate")]).increment(by: Int64(count - created))
        }
        registry.gauge("dealsync_mail_last_message_timestamp_seconds", "Unix time a mailbox last received a message",
                       labels).set(to: Date().timeIntervalSince1970)
    }

    func silent(_ silent: Bool, org: OrgID, source: SourceID) {
        registry.gauge("dealsync_mailbox_silent", "1 while a mailbox has received nothing for longer than silence_after",
                       [("org", org.rawValue), ("source", source.rawValue)]).set(to: silent ? 1 : 0)
    }

    func push(accepted: Bool, org: OrgID, source: SourceID) {
        registry.counter("dealsync_mail_pushes_total", "Push notifications received for a mailbox, by outcome",
                         [("org", org.rawValue), ("source", source.rawValue), ("outcome", accepted ? "accepted" : "refused")]).increment()
    }

    func roundFailed(org: OrgID, source: SourceID, code: String) {
        registry.counter("dealsync_mail_errors_total", "Mailbox sync rounds that failed, by error code",
                         [("org", org.rawValue), ("source", source.rawValue), ("code", code)]).increment()
    }
}
