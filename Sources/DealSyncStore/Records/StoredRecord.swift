import DealSyncCore
import Foundation

/// A canonical record's envelope. A deleted record stays as a tombstone (`deletedAt`) so that a
/// late update from another replica can be weighed against the delete (DESIGN §4).
public struct StoredRecord: Sendable, Hashable {
    public var id: RecordID
    public var kind: RecordKind
    public var deletedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public var isDeleted: Bool { deletedAt != nil }
}

/// A canonical field: its normalised value and the version vector that produced it.
public struct StoredField: Sendable, Hashable {
    public var value: FieldValue
    public var vector: VersionVector
    public var updatedAt: Date

    public init(value: FieldValue, vector: VersionVector, updatedAt: Date) {
        self.value = value
        self.vector = vector
        self.updatedAt = updatedAt
    }
}

/// What a replica was last known to hold for a field, and the vector at that time (DESIGN §2).
public struct Shadow: Sendable, Hashable {
    public var value: FieldValue
    public var vector: VersionVector

    public init(value: FieldValue, vector: VersionVector) {
        self.value = value
        self.vector = vector
    }
}
