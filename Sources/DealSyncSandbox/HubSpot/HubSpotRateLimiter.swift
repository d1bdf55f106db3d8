/// HubSpot's request allowances for one account: a rolling burst window (default 190 requests
/// per 10 s, a Professional private app), a daily allowance that resets at midnight (UTC here),
/// and the separate search limit (5 requests per second, exempt from the burst window).
/// A value type whose `admit` returns the decision; the emulator turns it into headers or a 429.
struct HubSpotRateLimiter: Sendable {
    enum Policy: String, Sendable { case tenSecondly = "TEN_SECONDLY_ROLLING", daily = "DAILY", secondly = "SECONDLY" }

    enum Decision: Sendable, Equatable {
        /// Admitted; `remaining` counts what is left of the window and of the day after this call.
        case allowed(remaining: Int, dailyRemaining: Int)
        case allowedSearch
        case limited(Policy)
    }

    let max: Int
    let windowMillis: Int64
    let daily: Int
    let searchPerSecond: Int
    private var window: [Int64] = []
    private var searches: [Int64] = []
    private var day: Int64 = -1
    private var usedToday = 0

    init(max: Int = 190, windowMillis: Int64 = 10_000, daily: Int = 625_000, searchPerSecond: Int = 5) {
        self.max = max
        self.windowMillis = windowMillis
        self.daily = daily
        self.searchPerSecond = searchPerSecond
    }

    mutating func admit(at now: Int64, search: Bool) -> Decision {
        let today = now >= 0 ? now / 86_400_000 : (now - 86_399_999) / 86_400_000
        if today != day { day = today; usedToday = 0 }
        if usedToday >= daily { return .limited(.daily) }
        if search {
            Self.expire(&searches, before: now - 1000)
            guard searches.count < searchPerSecond else { return .limited(.secondly) }
            searches.append(now)
            usedToday += 1
            return .allowedSearch
        }
        Self.expire(&window, before: now - windowMillis)
        guard window.count < max else { return .limited(.tenSecondly) }
        window.append(now)
        usedToday += 1
        return .allowed(remaining: max - window.count, dailyRemaining: daily - usedToday)
    }

    /// What the window and day have left without spending a request (for 429 headers).
    func remaining(at now: Int64) -> (window: Int, daily: Int) {
        (Swift.max(0, max - window.filter { $0 > now - windowMillis }.count), Swift.max(0, daily - usedToday))
    }

    /// Drops stamps at or before `cutoff`. Stamps arrive in order, so the expired ones lead.
    private static func expire(_ stamps: inout [Int64], before cutoff: Int64) {
        if let keep = stamps.firstIndex(where: { $0 > cutoff }) { stamps.removeFirst(keep) } else { stamps.removeAll() }
    }

    /// Headers HubSpot puts on every non-search response. The daily pair is sent to private-app
    /// tokens only (OAuth apps have no daily allowance to report).
    func headers(remaining: Int, dailyRemaining: Int, includeDaily: Bool) -> [(name: String, value: String)] {
        var h: [(name: String, value: String)] = [
            ("X-HubSpot-RateLimit-Max", String(max)), ("X-HubSpot-RateLimit-Remaining", String(remaining)),
            ("X-HubSpot-RateLimit-Interval-Milliseconds", String(windowMillis)),
        ]
        if includeDaily {
            h += [("X-HubSpot-RateLimit-Daily", String(daily)), ("X-HubSpot-RateLimit-Daily-Remaining", String(dailyRemaining))]
        }
        return h
    }

    /// HubSpot's 429 body for `policy`.
    static func limitedBody(_ policy: Policy, correlationId: String) -> JSONValue {
        let message = switch policy {
        case .tenSecondly: "You have reached your ten_secondly_rolling limit."
        case .daily: "You have reached your daily limit."
        case .secondly: "You have reached your secondly limit."
        }
        return ["status": "error", "message": .string(message), "errorType": "RATE_LIMIT",
                "correlationId": .string(correlationId), "policyName": .string(policy.rawValue),
                "requestId": .string(correlationId)]
    }
}
