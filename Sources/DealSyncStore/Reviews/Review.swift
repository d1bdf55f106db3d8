import DealSyncCore
import Foundation

/// Hook output a person must look at before it is written back: why, and the edits withheld.
public struct Review: Sendable, Hashable, Identifiable {
    public enum State: String, Sendable, Codable, Hashable {
        case pending, approved, rejected
    }

    public var id: Int64
    public var record: RecordID
    public var kind: RecordKind
    /// `low_confidence` or `low_quality` (the hooks' `ReviewItem.Reason`).
    public var reason: String
    /// Rule codes and scores, never personal data.
    public var detail: String
    /// The withheld edits by canonical field, applied by `local` when approved.
    public var edits: [String: FieldValue]
    public var state: State
    public var createdAt: Date
    public var updatedAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
}

/// A review to file.
public struct ReviewDraft: Sendable, Hashable {
    public var record: RecordID
    public var kind: RecordKind
    public var reason: String
    public var detail: String
    public var edits: [String: FieldValue]

    public init(record: RecordID, kind: RecordKind, reason: String, detail: String, edits: [String: FieldValue]) {
        self.record = record
        self.kind = kind
        self.reason = reason
        self.detail = detail
        self.edits = edits
    }
}
