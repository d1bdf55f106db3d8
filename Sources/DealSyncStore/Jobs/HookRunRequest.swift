import DealSyncCore
import Foundation

/// What a `hook_run` job asks for: run the hook pipeline on one committed change of a record.
/// Carried in the job's `parameters` as JSON strings, so the job row stays readable in `queue`
/// listings and any writer (sync engine, mail watcher) can build one without the hooks target.
public struct HookRunRequest: Sendable, Hashable {
    public var record: RecordID
    public var kind: RecordKind
    /// Canonical fields the change touched.
    public var changed: [String]
    /// Their values before the change (absent for fields that were empty).
    public var previous: [String: FieldValue]
    /// New free text that came with the change (an email body), for enrichment.
    public var texts: [String]
    /// When the replica says the change was made (its modification stamp), if it says: a change
    /// seen long after it was made (a backfill, catching up after downtime) is history, not news.
    public var changedAt: Date?

    public init(record: RecordID, kind: RecordKind, changed: [String], previous: [String: FieldValue] = [:],
                texts: [String] = [], changedAt: Date? = nil) {
        self.record = record
        self.kind = kind
        self.changed = changed
        self.previous = previous
        self.texts = texts
        self.changedAt = changedAt
    }

    enum Parameter {
        static let changed = "changed"
        static let previous = "previous"
        static let texts = "texts"
        static let changedAt = "changed_at"
    }

    /// The job's parameters: `changed` (JSON array), `previous` (JSON object of tagged values),
    /// `texts` (JSON array) and `changed_at` (Unix milliseconds), the last three only when given.
    public var payload: JobPayload {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json<T: Encodable>(_ value: T) -> String {
            // Arrays and dictionaries of strings and FieldValues always encode.
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        var parameters = [Parameter.changed: json(changed.sorted())]
        if !previous.isEmpty { parameters[Parameter.previous] = json(previous) }
        if !texts.isEmpty { parameters[Parameter.texts] = json(texts) }
        if let changedAt { parameters[Parameter.changedAt] = String(Int64((changedAt.timeIntervalSince1970 * 1000).rounded())) }
        return JobPayload(parameters: parameters)
    }

    /// Reads a claimed `hook_run` job back; nil when the job is not one or its parameters are not ours.
    public init?(job: Job) {
        guard job.kind == .hookRun, let record = job.record, let kind = RecordKind(rawValue: job.object) else {
            return nil
        }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ key: String, default value: T) -> T? {
            guard let text = job.payload.parameters[key] else { return value }
            return try? decoder.decode(T.self, from: Data(text.utf8))
        }
        guard let changed = decode([String].self, Parameter.changed, default: []),
              let previous = decode([String: FieldValue].self, Parameter.previous, default: [:]),
              let texts = decode([String].self, Parameter.texts, default: []) else { return nil }
        let changedAt = job.payload.parameters[Parameter.changedAt].flatMap(Int64.init)
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
        self.init(record: record, kind: kind, changed: changed, previous: previous, texts: texts, changedAt: changedAt)
    }
}
