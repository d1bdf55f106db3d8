import DealSyncCore
import DealSyncStore
import Foundation

/// A budget several workers draw from together: an org-wide cap across its source accounts, on
/// top of each account's own `TokenBucket`. An actor, because the workers run concurrently.
public actor SharedBudget {
    private var bucket: TokenBucket

    public init(config: RateBudgetConfig) {
        bucket = TokenBucket(config: config)
    }

    public func acquire(cost: Int = 1, priority: JobPriority, now: Date) -> TokenBucket.Decision {
        bucket.acquire(cost: cost, priority: priority, now: now)
    }

    public func answered(sentAt: Date, at now: Date) {
        bucket.answered(sentAt: sentAt, at: now)
    }

    public func charge(_ requests: Int, now: Date) {
        bucket.charge(requests, now: now)
    }

    /// Whether work of `priority` could draw now, without drawing.
    public func wouldGrant(priority: JobPriority, now: Date) -> TokenBucket.Decision {
        var trial = bucket
        return trial.acquire(priority: priority, now: now)
    }
}
