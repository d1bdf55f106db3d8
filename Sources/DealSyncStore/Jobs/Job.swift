import DealSyncCore
import Foundation

/// A job's row id. Ids are never reused (AUTOINCREMENT), so a stale id can never name a newer job.
public struct JobID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: JobID, b: JobID) -> Bool { a.rawValue < b.rawValue }
}

/// What a job does.
public enum JobKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// Write a record's changed fields to a source. The only kind that coalesces and batches.
    case push
    /// Fetch one page of an incremental pull (the payload carries the cursor or page token).
    case pullPage = "pull_page"
    /// Re-read an object of a source from scratch (an admin's `resync`).
    case resync
    /// Run the hook pipeline on a committed change.
    case hookRun = "hook_run"
    /// Send a notification (Slack).
    case notification
}

/// Priority classes, lowest first. Aging (DealSyncQueue's `PriorityAging`) lets a lower class
/// overtake a higher one after waiting long enough, so nothing starves.
public enum JobPriority: Int, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case backfill = 0
    case normal = 1
    case highValue = 2
    case adminResync = 3

    public static func < (a: JobPriority, b: JobPriority) -> Bool { a.rawValue < b.rawValue }
}

public enum JobState: String, Sendable, Codable, Hashable {
    /// Waiting for its `readyAt` and a worker.
    case pending
    /// Claimed by a worker of this process; released back to pending if the process dies.
    case inflight
}

/// A job's data. Push jobs carry the field values to write (and the vectors they had, so the
/// shadow can be set when the write succeeds); other kinds use `parameters`.
public struct JobPayload: Sendable, Hashable, Codable {
    public var fields: [String: FieldValue]
    public var vectors: [String: VersionVector]
    public var parameters: [String: String]

    public init(fields: [String: FieldValue] = [:], vectors: [String: VersionVector] = [:],
                parameters: [String: String] = [:]) {
        self.fields = fields
        self.vectors = vectors
        self.parameters = parameters
    }

    /// This payload overlaid with a newer one: for each key the newer value wins.
    public func merging(newer: JobPayload) -> JobPayload {
        JobPayload(fields: fields.merging(newer.fields) { _, new in new },
                   vectors: vectors.merging(newer.vectors) { _, new in new },
                   parameters: parameters.merging(newer.parameters) { _, new in new })
    }
}

/// A job to insert. `orderKey` is its position in the claim order (smaller first); the queue
/// computes it from the priority class and enqueue time (see DealSyncQueue's `PriorityAging`).
public struct JobDraft: Sendable, Hashable {
    public var source: SourceID
    public var kind: JobKind
    /// The object type the job touches (`deal`, `contact`…); claims batch per (source, object).
    public var object: String
    public var record: RecordID?
    public var priority: JobPriority
    public var orderKey: Int64
    public var payload: JobPayload
    /// When it may run first; nil means now.
    public var readyAt: Date?

    public init(source: SourceID, kind: JobKind, object: String, record: RecordID? = nil, priority: JobPriority,
                orderKey: Int64, payload: JobPayload = JobPayload(), readyAt: Date? = nil) {
        self.source = source
        self.kind = kind
        self.object = object
        self.record = record
        self.priority = priority
        self.orderKey = orderKey
        self.payload = payload
        self.readyAt = readyAt
    }
}

/// A stored job.
public struct Job: Sendable, Hashable, Identifiable {
    public var id: JobID
    public var org: OrgID
    public var source: SourceID
    public var kind: JobKind
    public var object: String
    public var record: RecordID?
    public var priority: JobPriority
    public var orderKey: Int64
    public var payload: JobPayload
    public var state: JobState
    /// Failed attempts so far (rate-limit waits are not attempts).
    public var attempts: Int
    public var readyAt: Date
    public var enqueuedAt: Date
    public var lastError: String?
}

/// What `enqueue` did: inserted a new job, or merged into the pending one for the same
/// (record, source).
public struct EnqueueResult: Sendable, Hashable {
    public var id: JobID
    public var coalesced: Bool
}
