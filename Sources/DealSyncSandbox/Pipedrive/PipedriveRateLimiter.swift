import Foundation

/// Pipedrive's two limits, as a value type the emulator consults before each request:
/// a burst limit per token over a rolling window (2 s by default), and a daily token budget per
/// company that each call spends by its `x-token-cost`. It also counts the POST/PUT "fair use"
/// allowance that API-token callers see as `x-daily-requests-left`.
struct PipedriveRateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var resetSeconds: Int
        /// Headers for every reply, allowed or not.
        var headers: [(name: String, value: String)]
    }

    /// Burst limits per 2 s on the Premium plan: 80 for API tokens, 320 for OAuth tokens.
    var apiTokenBurst = 80
    var oauthBurst = 320
    /// Search endpoints have their own, stricter burst limit on every plan.
    var searchBurst = 10
    var window: Double = 2
    /// 30,000 tokens × Premium multiplier 5 × 10 seats.
    var dailyTokenBudget = 1_500_000
    var dailyWriteAllowance = 10_000

    private var recent: [String: [Double]] = [:]
    private var day = Int.min
    private var tokensSpent = 0
    private var writesToday: [String: Int] = [:]

    init(setting: RateLimitSetting?, dailyLimit: Int?) {
        if let setting {
            apiTokenBurst = setting.limit
            oauthBurst = setting.limit
            searchBurst = setting.limit
            let parts = setting.window.components
            window = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        }
        if let dailyLimit { dailyTokenBudget = dailyLimit }
    }

    mutating func admit(_ principal: PipedrivePrincipal, cost: Int, isWrite: Bool, isSearch: Bool = false, now: Double) -> Decision {
        let today = Int((now / 86_400).rounded(.down))
        if today != day {
            day = today
            tokensSpent = 0
            writesToday.removeAll()
        }
        let untilMidnight = max(1, Int((Double(today + 1) * 86_400 - now).rounded(.up)))
        let limit: Int
        switch principal {
        case _ where isSearch: limit = searchBurst
        case .apiToken: limit = apiTokenBurst
        case .oauth: limit = oauthBurst
        }
        let bucket = isSearch ? principal.token + "|search" : principal.token
        var stamps = recent[bucket, default: []]
        stamps.removeAll { $0 <= now - window }
        let windowReset = max(1, Int(((stamps.first ?? now) + window - now).rounded(.up)))

        if stamps.count >= limit || tokensSpent + cost > dailyTokenBudget {
            recent[bucket] = stamps
            let reset = stamps.count >= limit ? windowReset : untilMidnight
            return Decision(allowed: false, limit: limit, resetSeconds: reset,
                            headers: headers(limit: limit, remaining: 0, reset: reset, principal: principal))
        }
        stamps.append(now)
        recent[bucket] = stamps
        tokensSpent += cost
        if isWrite, case .apiToken = principal { writesToday[principal.token, default: 0] += 1 }
        let reset = max(1, Int((stamps[0] + window - now).rounded(.up)))
        return Decision(allowed: true, limit: limit, resetSeconds: reset,
                        headers: headers(limit: limit, remaining: limit - stamps.count, reset: reset, principal: principal))
    }

    private func headers(limit: Int, remaining: Int, reset: Int, principal: PipedrivePrincipal) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [
            ("x-ratelimit-limit", String(limit)),
            ("x-ratelimit-remaining", String(max(0, remaining))),
            ("x-ratelimit-reset", String(reset)),
            ("x-daily-ratelimit-token-limit", String(dailyTokenBudget)),
            ("x-daily-ratelimit-token-remaining", String(max(0, dailyTokenBudget - tokensSpent))),
        ]
        if case .apiToken = principal {
            result.append(("x-daily-requests-left", String(max(0, dailyWriteAllowance - writesToday[principal.token, default: 0]))))
        }
        return result
    }
}
