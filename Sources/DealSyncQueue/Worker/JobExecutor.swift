import DealSyncCore
import DealSyncStore

/// What a worker hands a batch to: the sync engine's push, pull, hook or notification code.
/// It returns one outcome per job, never throws: a whole-batch failure is every job failing
/// with the same error.
public protocol JobExecutor: Sendable {
    func execute(_ batch: [Job]) async -> BatchOutcome
    /// Whether batches may start now. A worker that hears no claims nothing and asks again
    /// shortly, so held jobs keep their attempts and their place in the order.
    func isReady() async -> Bool
}

extension JobExecutor {
    public func isReady() async -> Bool { true }
}

/// The result of one batch: which jobs the API accepted, which failed and why, and what the
/// API's headers said about the budget.
public struct BatchOutcome: Sendable {
    public var succeeded: [JobID]
    public var failed: [JobID: SyncError]
    public var rateLimit: RateLimitSnapshot?
    /// API requests the batch made. The worker drew one from the budget before sending; the rest
    /// (an API that takes some writes one record per call) are charged after the fact.
    public var requests: Int

    public init(succeeded: [JobID] = [], failed: [JobID: SyncError] = [:], rateLimit: RateLimitSnapshot? = nil,
                requests: Int = 1) {
        self.succeeded = succeeded
        self.failed = failed
        self.rateLimit = rateLimit
        self.requests = requests
    }

    /// Every job of the batch failed with one error (a 5xx, a timeout, a 429).
    public static func allFailed(_ batch: [Job], _ error: SyncError, rateLimit: RateLimitSnapshot? = nil) -> BatchOutcome {
        BatchOutcome(failed: Dictionary(uniqueKeysWithValues: batch.map { ($0.id, error) }), rateLimit: rateLimit)
    }
}
