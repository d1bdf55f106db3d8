import DealSyncCore
import DealSyncStore
import Foundation

/// Depth of one org's queue, for `dealsyncctl queue`, `/metrics` and `queue.stalled` health.
public struct QueueStats: Sendable, Hashable {
    public var depths: [QueueDepth]
    public var deadLetters: Int
    /// Age in seconds of the oldest job, if any.
    public var oldestAge: TimeInterval?

    public var pending: Int { depths.reduce(0) { $0 + $1.pending } }
    public var inflight: Int { depths.reduce(0) { $0 + $1.inflight } }
}

extension DurableQueue {
    public func stats() async throws -> QueueStats {
        try await store.read { tx in
            let depths = try tx.queueDepth()
            let oldest = depths.map(\.oldestEnqueuedAt).min()
            return QueueStats(depths: depths, deadLetters: try tx.deadLetterCount(),
                              oldestAge: oldest.map { max(0, tx.now.timeIntervalSince($0)) })
        }
    }

    public func deadLetters(source: SourceID? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [DeadLetter] {
        try await store.read { tx in try tx.deadLetters(source: source, after: after, limit: limit) }
    }

    /// Puts a dead letter back in the queue as a fresh job (attempts reset), ready now. A pending
    /// push of the same record keeps its newer values. Returns the job, or nil if no such letter.
    @discardableResult
    public func retryDeadLetter(_ id: Int64) async throws -> EnqueueResult? {
        let aging = aging
        return try await store.write { tx in try Self.requeue(id, aging: aging, in: tx) }
    }

    /// Re-queues every dead letter of the org (optionally of one source). Returns how many.
    @discardableResult
    public func retryAllDeadLetters(source: SourceID? = nil) async throws -> Int {
        let aging = aging
        return try await store.write { tx in
            var count = 0
            while true {
                let batch = try tx.deadLetters(source: source, limit: 500)
                if batch.isEmpty { return count }
                for letter in batch where try Self.requeue(letter.id, aging: aging, in: tx) != nil { count += 1 }
            }
        }
    }

    /// Deletes a dead letter for good. Returns whether it existed.
    @discardableResult
    public func dropDeadLetter(_ id: Int64) async throws -> Bool {
        try await store.write { tx in try tx.dropDeadLetter(id) }
    }

    static func requeue(_ id: Int64, aging: PriorityAging, in tx: OrgWriteTransaction) throws -> EnqueueResult? {
        guard let letter = try tx.deadLetter(id) else { return nil }
        let result = try tx.insertJob(JobDraft(
            source: letter.source, kind: letter.kind, object: letter.object, record: letter.record,
            priority: letter.priority, orderKey: aging.orderKey(priority: letter.priority, enqueuedAt: tx.now),
            payload: letter.payload), draftIsOlder: true)
        try tx.dropDeadLetter(id)
        return result
    }
}
