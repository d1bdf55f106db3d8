import DealSyncCore
import Foundation

/// A job that will not be retried automatically: a copy of it and the error that ended it.
public struct DeadLetter: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var jobID: JobID
    public var source: SourceID
    public var kind: JobKind
    public var object: String
    public var record: RecordID?
    public var priority: JobPriority
    public var payload: JobPayload
    public var attempts: Int
    public var enqueuedAt: Date
    public var failedAt: Date
    public var lastError: String
}

/// Queue depth for one (source, object, priority) of an org, for `dealsyncctl queue` and metrics.
public struct QueueDepth: Sendable, Hashable {
    public var source: SourceID
    public var object: String
    public var priority: JobPriority
    public var pending: Int
    /// Pending jobs whose `readyAt` has passed.
    public var ready: Int
    public var inflight: Int
    public var oldestEnqueuedAt: Date
}
