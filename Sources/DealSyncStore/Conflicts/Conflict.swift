import DealSyncCore
import Foundation

/// One side of a conflicting edit: the replica that made it, its value and version.
public struct ConflictSide: Sendable, Hashable {
    public var replica: SourceID
    public var value: FieldValue
    public var vector: VersionVector

    public init(replica: SourceID, value: FieldValue, vector: VersionVector) {
        self.replica = replica
        self.value = value
        self.vector = vector
    }
}

/// A recorded conflict (DESIGN §4 step 3): both sides, the policy that judged it, and the winner.
/// A `manual` policy leaves it open, without a winner, until an admin resolves it.
public struct Conflict: Sendable, Hashable, Identifiable {
    public enum Status: String, Sendable, Hashable { case open, resolved }

    public var id: Int64
    public var record: RecordID
    public var field: String
    public var left: ConflictSide
    public var right: ConflictSide
    public var policy: String
    public var winnerValue: FieldValue?
    public var winnerReplica: SourceID?
    public var status: Status
    public var createdAt: Date
    public var resolvedAt: Date?
    public var resolvedBy: String?
}
