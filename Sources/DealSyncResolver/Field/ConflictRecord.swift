import DealSyncCore
import Foundation

/// One side of a conflict: who edited, to what, and when by their own clock.
public struct ConflictSide: Hashable, Sendable, Codable {
    public var source: SourceID
    public var value: FieldValue
    public var modifiedAt: Date?
    public init(source: SourceID, value: FieldValue, modifiedAt: Date?) {
        self.source = source
        self.value = value
        self.modifiedAt = modifiedAt
    }
}

/// Every conflict is recorded with all sides, the policy and the winner (DESIGN §4 step 3).
/// The store keeps these for `dealsyncctl conflicts`; the audit log redacts the values.
public struct ConflictRecord: Hashable, Sendable, Codable {
    public var field: String
    public var sides: [ConflictSide]
    public var policy: ConflictPolicy
    /// The replica whose value won, nil for a merge that matches no side or an open conflict.
    public var winner: SourceID?
    /// The value the field settled on; nil while a `manual` conflict is open.
    public var resolvedValue: FieldValue?
    /// The field's vector after the decision, to tell repeated reports of one conflict apart
    /// from a new one.
    public var vector: VersionVector

    public var isOpen: Bool { resolvedValue == nil }

    public init(field: String, sides: [ConflictSide], policy: ConflictPolicy, winner: SourceID?,
                resolvedValue: FieldValue?, vector: VersionVector) {
        self.field = field
        self.sides = sides.sorted { ($0.source, $0.value.sortKey) < ($1.source, $1.value.sortKey) }
        self.policy = policy
        self.winner = winner
        self.resolvedValue = resolvedValue
        self.vector = vector
    }
}
