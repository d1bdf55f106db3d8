import DealSyncCore
import Foundation

/// The resolver's state for one record: its fields, its existence (a tombstone is a field-like
/// state with value `true`), and per replica the highest modification stamp ingested.
public struct RecordState: Hashable, Sendable, Codable {
    public var fields: [String: FieldState]
    /// `.bool(true)` once deleted. Its shadows say which replicas hold the record: a shadow of
    /// `true` means that replica no longer has it.
    public var existence: FieldState
    /// Per replica, the newest remote modification stamp ingested: an older payload (a late
    /// webhook, a re-read page) triggers a re-fetch instead of a write (DESIGN §4).
    public var stamps: [SourceID: Date]

    public init(fields: [String: FieldState] = [:], existence: FieldState = FieldState(value: .bool(false)),
                stamps: [SourceID: Date] = [:]) {
        self.fields = fields
        self.existence = existence
        self.stamps = stamps
    }

    public static let empty = RecordState()

    public var isDeleted: Bool { existence.value == .bool(true) }

    /// The canonical values, without fields nobody has written.
    public var values: [String: FieldValue] {
        fields.filter { $0.value.hasHistory }.mapValues(\.value)
    }

    /// True when `replica` deleted the record or confirmed our delete.
    func isGone(at replica: SourceID) -> Bool { existence.shadows[replica]?.value == .bool(true) }
}

/// A replica deleted a record that another replica concurrently updated.
public struct DeleteConflictRecord: Hashable, Sendable, Codable {
    public var deletedBy: SourceID
    /// The fields the deleting replica had not seen updated.
    public var updatedFields: [String]
    public var policy: DeleteConflictPolicy
    public var deleteWon: Bool
}

/// Everything one record-level step decided; the engine writes `state`, the conflicts and one
/// push job per replica in `pushes`, `deletes` and `creates` in a single transaction.
public struct RecordDecision: Hashable, Sendable {
    public var state: RecordState
    /// The payload was older than one already ingested from that replica: re-read the record
    /// instead; `state` is unchanged.
    public var refetch: Bool = false
    public var outcomes: [String: FieldOutcome] = [:]
    /// Fields whose canonical value changed (hooks run on these).
    public var changedFields: Set<String> = []
    public var conflicts: [ConflictRecord] = []
    /// Fields whose open `manual` conflict this step closed (an admin's decision, or an edit that
    /// had seen every side): mark their stored conflicts resolved.
    public var closedConflicts: Set<String> = []
    public var deleteConflict: DeleteConflictRecord?
    /// Per replica, the fields to write there (values and vectors are in `state`).
    public var pushes: [SourceID: Set<String>] = [:]
    /// The part of `pushes` whose value the replica already holds (it made the same edit, or
    /// its side won): no API call is needed, only a confirmation (`confirmingAlreadyHeld`).
    public var alreadyHeld: [SourceID: Set<String>] = [:]
    /// Replicas the record must be deleted in.
    public var deletes: Set<SourceID> = []
    /// Replicas that no longer hold the record but must: create it there again (through the
    /// idempotent create path) with every field in `pushes`.
    public var creates: Set<SourceID> = []
    /// The record went from alive to deleted in this step.
    public var becameDeleted = false
    /// The record went from deleted to alive in this step.
    public var resurrected = false

}
