import DealSyncCore
import Foundation

/// A committed change the pipeline runs on: the canonical record after the change.
public struct HookChange: Sendable, Equatable {
    public var org: OrgID
    public var record: RecordID
    public var kind: RecordKind
    /// Canonical fields after the change, by canonical field name.
    public var fields: [String: FieldValue]
    /// The fields this change touched.
    public var changed: Set<String>
    /// The touched fields' values before the change (absent = was blank), so a hook can tell
    /// a close date that slipped from one that was pulled in.
    public var previous: [String: FieldValue]
    /// Free text that may leave for a model or an external hook (an email body, a note).
    public var texts: [String]
    /// Which of the records this change references exist in the store (filled by the daemon,
    /// so the evaluator can flag dangling references without seeing the store).
    public var knownRecords: Set<RecordID>
    public var at: Date

    public init(org: OrgID, record: RecordID, kind: RecordKind, fields: [String: FieldValue],
                changed: Set<String> = [], previous: [String: FieldValue] = [:], texts: [String] = [], knownRecords: Set<RecordID> = [], at: Date) {
        self.org = org; self.record = record; self.kind = kind; self.fields = fields
        self.changed = changed; self.previous = previous; self.texts = texts; self.knownRecords = knownRecords; self.at = at
    }
}

/// An edit of one canonical field by the `local` replica. The daemon applies it through the
/// resolver and the queue like any other change (DESIGN §1 step 5).
public struct FieldEdit: Sendable, Hashable {
    public var record: RecordID
    public var field: String
    public var value: FieldValue
    public var source: SourceID { .local }

    public init(record: RecordID, field: String, value: FieldValue) {
        self.record = record; self.field = field; self.value = value
    }
}

/// Something a person must look at before it is written back.
public struct ReviewItem: Sendable, Hashable {
    public enum Reason: String, Sendable, Codable { case lowConfidence = "low_confidence", lowQuality = "low_quality" }
    public var record: RecordID
    public var reason: Reason
    /// Human-readable, never carries PII (rule codes, scores).
    public var detail: String

    public init(record: RecordID, reason: Reason, detail: String) {
        self.record = record; self.reason = reason; self.detail = detail
    }
}

/// Whether anything may leave the process for an external hook or model.
public enum Outbound: Sendable, Equatable {
    case allowed
    /// The guardrail could not vouch for the text: hold outbound work and retry later.
    case held(reason: String)
}

/// The state handed from hook to hook. Each hook reads what earlier stages produced and
/// adds its own; the pipeline returns the final value to the daemon.
public struct HookWork: Sendable {
    public var change: HookChange
    public var outbound: Outbound = .allowed
    /// `change.texts` after redaction; empty until the guardrail has run.
    public var redactedTexts: [String] = []
    /// `change.fields` with string values redacted; nil until the guardrail has run, and
    /// external hooks refuse to send anything while it is nil.
    public var redactedFields: [String: FieldValue]?
    /// Redaction audit: kind → count, never the values.
    public var redactionCounts: [PIIKind: Int] = [:]
    /// One per text, filled by the enrichment stage (`EmailEnricher`) from redacted texts.
    public var enrichments: [EmailEnrichment] = []
    public var features: DealFeatures?
    public var score: DealScore?
    public var evaluation: Evaluation?
    public var edits: [FieldEdit] = []
    public var reviews: [ReviewItem] = []
    public var notifications: [SlackNotification] = []
    /// Edits and notifications blocked by the evaluator stay here for the review queue.
    public var withheldEdits: [FieldEdit] = []

    public init(change: HookChange) { self.change = change }
}
