import DealSyncCore
import DealSyncStore
import Foundation

/// A job to enqueue, before the queue gives it a place in the order.
public struct JobRequest: Sendable, Hashable {
    public var source: SourceID
    public var kind: JobKind
    public var object: String
    public var record: RecordID?
    public var priority: JobPriority
    public var payload: JobPayload
    /// Seconds to wait before the job may run (0: at once).
    public var delay: TimeInterval

    public init(source: SourceID, kind: JobKind, object: String, record: RecordID? = nil,
                priority: JobPriority = .normal, payload: JobPayload = JobPayload(), delay: TimeInterval = 0) {
        self.source = source
        self.kind = kind
        self.object = object
        self.record = record
        self.priority = priority
        self.payload = payload
        self.delay = delay
    }

    /// A push of a record's changed fields to one source; coalesces with a pending push of the
    /// same record to the same source.
    public static func push(_ record: RecordID, to source: SourceID, object: String,
                            fields: [String: FieldValue], vectors: [String: VersionVector] = [:],
                            priority: JobPriority = .normal) -> JobRequest {
        JobRequest(source: source, kind: .push, object: object, record: record, priority: priority,
                   payload: JobPayload(fields: fields, vectors: vectors))
    }
}

extension OrgWriteTransaction {
    /// Enqueues a job in this transaction, so it commits together with the change that caused it
    /// (or not at all). Pushes coalesce per (record, source); see `insertJob`.
    @discardableResult
    public func enqueue(_ request: JobRequest, aging: PriorityAging = .standard) throws -> EnqueueResult {
        try insertJob(JobDraft(
            source: request.source, kind: request.kind, object: request.object, record: request.record,
            priority: request.priority, orderKey: aging.orderKey(priority: request.priority, enqueuedAt: now),
            payload: request.payload, readyAt: request.delay > 0 ? now.addingTimeInterval(request.delay) : nil))
    }
}
