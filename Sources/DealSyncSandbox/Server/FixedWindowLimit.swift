import Foundation

/// A fixed-window allowance, `limit` requests per `window`, for the small emulators (Slack,
/// lookup) whose real APIs count that way. `take` returns nil when allowed,
/// or the seconds until the window resets.
struct FixedWindowLimit: Sendable {
    let limit: RateLimitSetting
    private(set) var start: Date
    private(set) var used = 0

    init(limit: RateLimitSetting, start: Date) {
        self.limit = limit
        self.start = start
    }

    var windowSeconds: Double {
        let (s, atto) = limit.window.components
        return Double(s) + Double(atto) / 1e18
    }

    var resetsAt: Date { start.addingTimeInterval(windowSeconds) }
    var remaining: Int { max(0, limit.limit - used) }

    mutating func take(at now: Date) -> Int? {
        if now >= resetsAt || now < start {
            start = now
            used = 0
        }
        guard used < limit.limit else { return max(1, Int(resetsAt.timeIntervalSince(now).rounded(.up))) }
        used += 1
        return nil
    }
}
