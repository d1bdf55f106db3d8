import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

/// One push job turned into the write a CRM needs, and what to confirm when it succeeds.
public struct PlannedPush: Sendable {
    public enum Operation: Sendable, Hashable {
        /// Create through the CRM's idempotent path, keyed by the record's DealSync id.
        case create
        case update(externalID: String)
        case delete(externalID: String)
        /// Nothing to send: the replica already holds everything (or the record is gone).
        case none
    }

    public var job: JobID
    public var record: RecordID
    public var kind: RecordKind
    public var operation: Operation
    /// The remote fields to write, named as the CRM names them.
    public var fields: [String: RemoteValue]
    /// The replica's newest modification stamp we ingested: for a conditional update.
    public var lastSeenStamp: Date?
    /// The canonical (value, vector) pairs this write carries: the replica's shadows on success.
    var pushed: [String: ReplicaShadow]
}

/// How a planned push ended at the CRM.
public enum PushOutcome: Sendable {
    case written(externalID: String)
    /// The record changed in the CRM since we last read it: re-read it, then push again.
    case changedRemotely
    case failed(SyncError)
}
