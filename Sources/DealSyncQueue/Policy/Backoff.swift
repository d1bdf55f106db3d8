import Foundation

/// Exponential backoff with full jitter (the AWS Architecture Blog's "Exponential Backoff and
/// Jitter"): the delay before retry n is uniform in [0, min(cap, base · 2^(n-1))], which spreads
/// the retries of many failed jobs instead of moving them in lock step.
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's delay.
    public var base: TimeInterval
    /// The largest delay ever chosen.
    public var cap: TimeInterval
    /// Failed attempts after which a job goes to the dead letter.
    public var maxAttempts: Int

    public init(base: TimeInterval = 1, cap: TimeInterval = 300, maxAttempts: Int = 5) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    public enum Decision: Sendable, Hashable {
        /// Retry once `delay` seconds have passed.
        case retry(after: TimeInterval)
        /// The attempts are spent: dead-letter the job.
        case giveUp
    }

    /// The upper bound of the delay after the `attempt`-th failure (1-based).
    public func ceiling(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 62)
        return min(cap, base * pow(2, Double(exponent)))
    }

    /// What to do after the `attempt`-th failed attempt (1-based).
    public func decision<R: RandomNumberGenerator>(afterAttempt attempt: Int, using rng: inout R) -> Decision {
        guard attempt < maxAttempts else { return .giveUp }
        let ceiling = ceiling(afterAttempt: attempt)
        return .retry(after: ceiling > 0 ? Double.random(in: 0...ceiling, using: &rng) : 0)
    }
}
