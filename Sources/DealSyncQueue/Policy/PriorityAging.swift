import DealSyncStore
import Foundation

/// Orders jobs by priority class with aging, as one number per job so that SQLite can claim in
/// order straight from an index: `orderKey = enqueuedAt − rank × step` (milliseconds), smallest
/// first. A job is thus served as if enqueued `rank × step` earlier than it was.
///
/// Consequences: a job of a higher class goes before any lower-class job enqueued less than
/// (difference in rank) × step before it; a lower-class job that has waited longer than that goes
/// first. Nothing starves: a job enqueued at t is overtaken only by jobs enqueued before
/// t + 3 × step, a finite set.
public struct PriorityAging: Sendable, Hashable {
    /// How much waiting is worth one class. Fifteen minutes keeps a high-value deal ahead of a
    /// half-hour-deep backfill, yet serves backfill within 45 minutes of newer urgent work.
    public var step: TimeInterval

    public init(step: TimeInterval = 900) {
        self.step = step
    }

    public static let standard = PriorityAging()

    public func orderKey(priority: JobPriority, enqueuedAt: Date) -> Int64 {
        let enqueued = Int64((enqueuedAt.timeIntervalSince1970 * 1000).rounded())
        return enqueued - Int64(priority.rawValue) * Int64((step * 1000).rounded())
    }

    /// The class a job effectively competes at after waiting `waited` seconds (for display).
    public func effectiveRank(priority: JobPriority, waited: TimeInterval) -> Double {
        Double(priority.rawValue) + max(0, waited) / step
    }
}

/// Picks the priority class of a push by what it carries: admin resyncs first, then deals worth
/// at least the org's threshold, then ordinary changes; backfill is chosen by the caller.
public struct PriorityClassifier: Sendable, Hashable {
    /// Deals at or above this amount (in any currency, as the org configures) are high-value.
    public var highValueAmount: Decimal?

    public init(highValueAmount: Decimal? = nil) {
        self.highValueAmount = highValueAmount
    }

    public func priority(amount: Decimal?, isBackfill: Bool = false, isAdminResync: Bool = false) -> JobPriority {
        if isAdminResync { return .adminResync }
        if let threshold = highValueAmount, let amount, amount >= threshold { return .highValue }
        return isBackfill ? .backfill : .normal
    }
}
