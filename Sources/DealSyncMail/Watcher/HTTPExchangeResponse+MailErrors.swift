import DealSyncCore
import Foundation

extension HTTPExchangeResponse {
    /// Maps the provider's refusals onto the queue's classification: 401 → auth, 429 and
    /// quota 403s → rate-limited until Retry-After (or a minute), 5xx → retryable.
    func check(now: Date, context: [String: String]) throws(SyncError) {
        switch status {
        case 200..<300: return
        case 401: throw SyncError(.auth, code: "mail.unauthorized", message: "access token refused", context: context)
        case 429, 403 where String(decoding: body, as: UTF8.self).contains("ateLimitExceeded"):
            let wait = header("Retry-After").flatMap(Double.init) ?? 60
            throw SyncError(.rateLimited(until: now.addingTimeInterval(wait)), code: "mail.rate_limited",
                            message: "provider throttled the mailbox", context: context)
        case 500...: throw SyncError(.retryable, code: "mail.server_error", message: "provider answered \(status)", context: context)
        default: throw SyncError(.validation, code: "mail.http_\(status)", message: "provider answered \(status)", context: context)
        }
    }
}
