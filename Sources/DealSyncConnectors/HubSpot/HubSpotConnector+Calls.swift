import DealSyncCore
import Foundation

extension HubSpotConnector {
    /// Sends a request, records the budget headers, and turns failures into `SyncError`s.
    func call(_ request: APIRequest, accept: Set<Int> = [200, 201, 204]) async throws -> APIResponse {
        if request.path.hasSuffix("/search") { try await searchPacer.admit() }
        let response = try await client.send(request)
        let at = now()
        await limits.record(Self.snapshot(response, now: at))
        if accept.contains(response.status) { return response }
        throw Self.error(response, now: at)
    }

    static func snapshot(_ r: APIResponse, now: Date) -> RateLimitSnapshot? {
        let max = r.header("x-hubspot-ratelimit-max").flatMap { Int($0) }
        let daily = r.header("x-hubspot-ratelimit-daily").flatMap { Int($0) }
        guard max != nil || daily != nil || r.status == 429 else { return nil }
        let window = r.header("x-hubspot-ratelimit-interval-milliseconds").flatMap { Int($0) }.map { Duration.milliseconds($0) }
        return RateLimitSnapshot(
            burstLimit: max, burstRemaining: r.header("x-hubspot-ratelimit-remaining").flatMap { Int($0) },
            burstWindow: window, dailyLimit: daily,
            dailyRemaining: r.header("x-hubspot-ratelimit-daily-remaining").flatMap { Int($0) },
            retryAt: r.status == 429 ? retryAt(r, now: now) : nil)
    }

    /// HubSpot documents no Retry-After on 429: wait out the window it names, or the day.
    static func retryAt(_ r: APIResponse, now: Date) -> Date {
        if let explicit = SyncErrorFactory.retryAfter(r.header("retry-after"), now: now) { return explicit }
        let body = try? JSONDecoder().decode(HubSpotWire.ErrorBody.self, from: r.body)
        // The search limit is per second and its 429 carries no window header.
        if body?.policyName == "SECONDLY" { return now.addingTimeInterval(1) }
        if body?.policyName == "DAILY" {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.nextDate(after: now, matching: DateComponents(hour: 0, minute: 0), matchingPolicy: .nextTime) ?? now.addingTimeInterval(3600)
        }
        let window = r.header("x-hubspot-ratelimit-interval-milliseconds").flatMap { Double($0) } ?? 10_000
        return now.addingTimeInterval(window / 1000)
    }

    static func error(_ r: APIResponse, now: Date) -> SyncError {
        let body = try? JSONDecoder().decode(HubSpotWire.ErrorBody.self, from: r.body)
        let message = body?.message ?? "HTTP \(r.status)"
        if r.status == 429 {
            return SyncError(.rateLimited(until: retryAt(r, now: now)), code: "hubspot.\(body?.policyName ?? "RATE_LIMIT")", message: message)
        }
        var error = SyncErrorFactory.fromStatus(r.status, message: message, retryAfter: SyncErrorFactory.retryAfter(r.header("retry-after"), now: now), now: now)
        if let category = body?.category { error.code = "hubspot.\(category)" }
        // HubSpot says 403 MISSING_SCOPES for a permission problem: not fixed by a token refresh, but not retryable either.
        if r.status == 403, body?.category == "MISSING_SCOPES" { error.kind = .validation }
        return error
    }
}
