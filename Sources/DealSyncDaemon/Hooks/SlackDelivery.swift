import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import Foundation

/// A Slack message as a `notification` job: the incoming-webhook body and, for listings and
/// logs, the reason and dedup key (deal and UTC day; the body names the deal, never email text).
struct SlackDelivery: Sendable, Hashable {
    /// The queue source of an org's Slack messages: one worker, one rate budget per org.
    static let source = SourceID("slack")
    static let object = "slack"

    var body: Data
    var reason: String
    var dedupKey: String
    var record: RecordID?

    init(_ notification: SlackNotification) {
        body = notification.payload
        reason = notification.reason.rawValue
        dedupKey = notification.dedupKey
        record = notification.record
    }

    init?(job: Job) {
        guard job.kind == .notification, let text = job.payload.parameters["body"] else { return nil }
        body = Data(text.utf8)
        reason = job.payload.parameters["reason"] ?? ""
        dedupKey = job.payload.parameters["dedup_key"] ?? ""
        record = job.record
    }

    func request(to source: SourceID = Self.source) -> JobRequest {
        JobRequest(source: source, kind: .notification, object: Self.object, record: record,
                   payload: JobPayload(parameters: [
                       "body": String(decoding: body, as: UTF8.self), "reason": reason, "dedup_key": dedupKey,
                   ]))
    }
}
