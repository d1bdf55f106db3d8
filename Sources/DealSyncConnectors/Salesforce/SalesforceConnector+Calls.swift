import DealSyncCore
import Foundation

extension SalesforceConnector {
    func call(_ request: APIRequest, accept: Set<Int> = [200, 201, 204]) async throws -> APIResponse {
        let response = try await client.send(request)
        let at = now()
        await limits.record(Self.snapshot(response))
        if accept.contains(response.status) { return response }
        throw Self.error(response, now: at)
    }

    /// `Sforce-Limit-Info: api-usage=18/15000` (used/allowed over a rolling 24 hours).
    static func snapshot(_ r: APIResponse) -> RateLimitSnapshot? {
        guard let info = r.header("sforce-limit-info"),
              let usage = info.split(separator: ";").first(where: { $0.contains("api-usage=") }) else { return nil }
        let numbers = usage.split(separator: "=").last?.split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? []
        guard numbers.count == 2 else { return nil }
        return RateLimitSnapshot(dailyLimit: numbers[1], dailyRemaining: max(0, numbers[1] - numbers[0]))
    }

    static func error(_ r: APIResponse, now: Date) -> SyncError {
        let first = (try? JSONDecoder().decode([SalesforceWire.APIError].self, from: r.body))?.first
        let code = first?.errorCode ?? first?.statusCode ?? "HTTP_\(r.status)"
        let message = first?.message ?? "HTTP \(r.status)"
        switch code {
        case "REQUEST_LIMIT_EXCEEDED":
            // The allocation is a rolling 24 hours with no reset header: probe again in an hour.
            return SyncError(.rateLimited(until: now.addingTimeInterval(3600)), code: "salesforce.\(code)", message: message)
        case "INVALID_SESSION_ID":
            return SyncError(.auth, code: "salesforce.\(code)", message: message)
        case "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION":
            return SyncError(.retryable, code: "salesforce.\(code)", message: message)
        default:
            var error = SyncErrorFactory.fromStatus(r.status, message: message,
                                                    retryAfter: SyncErrorFactory.retryAfter(r.header("retry-after"), now: now), now: now)
            error.code = "salesforce.\(code)"
            // 403 other than the request limit is a permission problem: a refresh will not fix it.
            if r.status == 403 { error.kind = .validation }
            return error
        }
    }

    static func itemError(_ errors: [SalesforceWire.APIError]?) -> SyncError {
        let first = errors?.first
        let code = first?.statusCode ?? first?.errorCode ?? "UNKNOWN"
        let kind: SyncError.Kind = ["UNABLE_TO_LOCK_ROW", "ALL_OR_NONE_OPERATION_ROLLED_BACK"].contains(code) ? .retryable : .validation
        return SyncError(kind, code: "salesforce.\(code)", message: first?.message ?? "record rejected")
    }
}
