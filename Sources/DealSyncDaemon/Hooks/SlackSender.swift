import DealSyncConnectors
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Foundation
import Logging

/// Posts queued Slack messages to the org's incoming webhook, one per batch. Slack's answers
/// become the queue's error kinds: 429 waits for `Retry-After` without spending an attempt, a
/// 5xx or a transport error backs off and retries, any other refusal (a revoked webhook, a body
/// Slack rejects) dead-letters at once, where `dealsyncctl dead-letter` shows it.
struct SlackSender: JobExecutor {
    /// The URL in force (a reload may change it); nil when the org no longer has one.
    let webhookURL: @Sendable () async -> String?
    let logger: Logger

    /// Slack allows about one message a second per webhook.
    static let limits = BatchLimits(batchSize: 1, concurrentBatches: 1)
    static let budget = RateBudgetConfig(burstLimit: 1, burstWindow: 1, reservedShare: 0)

    func execute(_ batch: [Job]) async -> BatchOutcome {
        guard let url = await webhookURL() else {
            return .allFailed(batch, SyncError(.retryable, code: "slack.not_configured",
                                               message: "the org has no hooks.slack_webhook_url"))
        }
        let client = APIClient(baseURL: url, auth: .none, timeout: .seconds(10))
        var outcome = BatchOutcome()
        for job in batch {
            guard let delivery = SlackDelivery(job: job) else {
                outcome.failed[job.id] = SyncError(.validation, code: "slack.bad_job", message: "notification job without a body")
                continue
            }
            do {
                let response = try await client.send(APIRequest(
                    .POST, "", headers: [("Content-Type", "application/json")], body: delivery.body, authenticated: false))
                if let error = Self.error(response, now: Date()) {
                    outcome.failed[job.id] = error
                    logger.warning("slack refused a message", metadata: [
                        "slack.status": "\(response.status)", "slack.reason": "\(delivery.reason)", "error.code": "\(error.code)"])
                } else {
                    outcome.succeeded.append(job.id)
                    logger.info("slack message sent", metadata: ["slack.reason": "\(delivery.reason)"])
                }
            } catch let error as SyncError {
                outcome.failed[job.id] = error
            } catch {
                outcome.failed[job.id] = SyncError(.retryable, code: "slack.transport", message: "\(error)")
            }
        }
        return outcome
    }

    /// Nil for Slack's `200 ok`; otherwise the error the queue acts on. The plain-text body
    /// (`invalid_payload`, `no_service`) is Slack's reason and carries no message content.
    static func error(_ response: APIResponse, now: Date) -> SyncError? {
        guard !(200..<300).contains(response.status) else { return nil }
        let reason = String(decoding: response.body.prefix(200), as: UTF8.self)
        switch response.status {
        case 429:
            let wait = response.header("Retry-After").flatMap(Double.init) ?? 1
            return SyncError(.rateLimited(until: now.addingTimeInterval(wait)), code: "slack.429", message: reason)
        case 408, 500...599:
            return SyncError(.retryable, code: "slack.\(response.status)", message: reason)
        default:
            return SyncError(.validation, code: "slack.\(response.status)", message: reason)
        }
    }
}
