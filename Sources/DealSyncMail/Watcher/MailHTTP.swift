import DealSyncCore
import Foundation

/// One HTTP exchange, as plain values: watchers build requests and read responses; the daemon
/// performs them with its HTTP client, so this target stays free of networking libraries.
public struct MailHTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: Data

    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct MailHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Performs one request. The daemon's implementation adds timeouts and TLS; tests answer
/// from an emulator in process.
public typealias MailHTTPPerform = @Sendable (MailHTTPRequest) async throws -> MailHTTPResponse

extension MailHTTPResponse {
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
