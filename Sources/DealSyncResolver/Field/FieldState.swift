import DealSyncCore
import Foundation

/// What one replica was last confirmed to hold for a field (by a read, or by our write's success),
/// and the field's version vector at that time.
public struct ReplicaShadow: Hashable, Sendable, Codable {
    public var value: FieldValue
    public var vector: VersionVector
    public init(value: FieldValue, vector: VersionVector) {
        self.value = value.normalized
        self.vector = vector
    }
}

/// One edit that no later edit has superseded. A field normally has one head; concurrent edits
/// leave several, and the policy picks the value from the whole set, which is why the outcome
/// does not depend on the order reports arrive in.
public struct Head: Hashable, Sendable, Codable {
    /// The replica that made the edit.
    public var source: SourceID
    public var value: FieldValue
    /// The edit's version: the editor's shadow vector with its own counter incremented.
    public var version: VersionVector
    /// The value the editor started from (its shadow): the base of `union`'s three-way merge.
    public var base: FieldValue
    /// The editor's own modification time, used only by `latest` to break ties.
    public var modifiedAt: Date?

    public init(source: SourceID, value: FieldValue, version: VersionVector, base: FieldValue, modifiedAt: Date?) {
        self.source = source
        self.value = value
        self.version = version
        self.base = base
        self.modifiedAt = modifiedAt
    }

    /// Canonical ordering, so equal sets of heads have equal arrays.
    static func canonicalOrder(_ a: Head, _ b: Head) -> Bool {
        if a.source != b.source { return a.source < b.source }
        return a.version.description < b.version.description
    }
}

/// The resolver's state for one (record, field): value, version vector, per-replica shadows and
/// the heads the value was derived from. A pure value: the store persists it, the resolver
/// returns a new one with each decision.
public struct FieldState: Hashable, Sendable, Codable {
    public var value: FieldValue
    public var vector: VersionVector
    public var shadows: [SourceID: ReplicaShadow]
    /// The un-superseded edits (sorted canonically); empty before the first edit.
    public var heads: [Head]
    /// True while a `manual` conflict waits for an admin; the value then stays what it was and
    /// the field is not pushed anywhere, so no side is overwritten before someone decides.
    public var isConflictOpen: Bool

    public init(value: FieldValue = .null, vector: VersionVector = VersionVector(),
                shadows: [SourceID: ReplicaShadow] = [:], heads: [Head] = [], isConflictOpen: Bool = false) {
        self.value = value.normalized
        self.vector = vector
        self.shadows = shadows
        self.heads = heads.sorted(by: Head.canonicalOrder)
        self.isConflictOpen = isConflictOpen
    }

    /// A field nobody has written yet.
    public static let empty = FieldState()

    /// True once some replica has written the field (a null written on purpose counts).
    public var hasHistory: Bool { !vector.counters.isEmpty }

    /// Replicas among `replicas` that must be sent this field: those whose shadow does not dominate
    /// the field's vector (DESIGN §4 step 4). `local` never needs a push; an open manual conflict
    /// pushes nothing until it is resolved.
    public func pushTargets<S: Sequence>(among replicas: S) -> Set<SourceID> where S.Element == SourceID {
        guard hasHistory, !isConflictOpen else { return [] }
        var out = Set<SourceID>()
        for replica in replicas where replica != .local {
            if let shadow = shadows[replica], shadow.vector.dominates(vector), shadow.value == value { continue }
            out.insert(replica)
        }
        return out
    }
}
