import DealSyncCore
import Foundation

extension PipedriveConnector {
    func envelope<T: Decodable>(_ request: APIRequest) async throws -> PipedriveWire.Envelope<T> {
        let response = try await client.send(request)
        await limits.record(Self.snapshot(response))
        guard (200..<300).contains(response.status) else { throw Self.error(response, now: now()) }
        return try response.decode(PipedriveWire.Envelope<T>.self)
    }

    func get<T: Decodable>(_ path: String) async throws -> T {
        let body: PipedriveWire.Envelope<T> = try await envelope(APIRequest(.GET, path))
        guard let data = body.data else {
            throw SyncError(.retryable, code: "pipedrive.empty_data", message: "\(path) answered without data")
        }
        return data
    }

    /// `x-ratelimit-limit/-remaining/-reset` cover a rolling 2-second burst window;
    /// `x-daily-requests-left` and the newer token-budget headers cover the day.
    static func snapshot(_ r: APIResponse) -> RateLimitSnapshot? {
        let limit = r.header("x-ratelimit-limit").flatMap { Int($0) }
        let dailyLimit = r.header("x-daily-ratelimit-token-limit").flatMap { Int($0) }
        let dailyLeft = r.header("x-daily-ratelimit-token-remaining").flatMap { Int($0) }
            ?? r.header("x-daily-requests-left").flatMap { Int($0) }
        guard limit != nil || dailyLeft != nil else { return nil }
        let reset = r.header("x-ratelimit-reset").flatMap { Double($0) }
        return RateLimitSnapshot(
            burstLimit: limit, burstRemaining: r.header("x-ratelimit-remaining").flatMap { Int($0) },
            burstWindow: .seconds(2), dailyLimit: dailyLimit, dailyRemaining: dailyLeft,
            retryAt: r.status == 429 ? Date().addingTimeInterval(reset ?? 2) : nil)
    }

    static func error(_ r: APIResponse, now: Date) -> SyncError {
        struct Body: Decodable { var error: String?; var code: String? }
        let body = try? JSONDecoder().decode(Body.self, from: r.body)
        let message = body?.error ?? "HTTP \(r.status)"
        if r.status == 429 {
            let wait = SyncErrorFactory.retryAfter(r.header("retry-after"), now: now)
                ?? now.addingTimeInterval(r.header("x-ratelimit-reset").flatMap { Double($0) } ?? 2)
            return SyncError(.rateLimited(until: wait), code: "pipedrive.429", message: message)
        }
        var error = SyncErrorFactory.fromStatus(r.status, message: message, retryAfter: nil, now: now)
        error.code = "pipedrive.\(body?.code ?? String(r.status))"
        // 402 (account not active) and plan-capping 403s are not fixed by a token refresh.
        if r.status == 402 || (r.status == 403 && body?.code != nil) { error.kind = .validation }
        return error
    }
}
