import DealSyncCore
import Foundation

/// A replica's claim about one field: "I hold `value`, last modified at `modifiedAt` by my clock".
public struct FieldReport: Hashable, Sendable {
    public var source: SourceID
    public var value: FieldValue
    /// The replica's own modification time for the record or field; `latest` breaks ties with it.
    public var modifiedAt: Date?

    public init(source: SourceID, value: FieldValue, modifiedAt: Date?) {
        self.source = source
        self.value = value
        self.modifiedAt = modifiedAt
    }
}

/// Which branch of DESIGN §4 a report took.
public enum FieldOutcome: String, Hashable, Sendable, Codable {
    /// Equal to the reporter's shadow: nothing changed there, or it is the echo of our own write.
    case unchanged
    /// The edit had seen everything the field had: it simply becomes the value.
    case fastForward
    /// The field had already seen this edit (a stale report): dropped.
    case stale
    /// The edit was concurrent with the field's history: the policy settled it or a manual
    /// conflict opened (see `FieldDecision.conflict`).
    case concurrent
}

/// The result of applying one report to one field.
public struct FieldDecision: Hashable, Sendable {
    public var state: FieldState
    public var outcome: FieldOutcome
    /// Set when the concurrent edits disagreed in value.
    public var conflict: ConflictRecord?
    /// True when the canonical value differs from before (hooks run on these).
    public var valueChanged: Bool
}
