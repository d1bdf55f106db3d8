import DealSyncCore
import Foundation

/// An operator's hook: a command (JSON on stdin, JSON on stdout) or an HTTP endpoint. This
/// type builds the request and validates the reply; the daemon supplies `invoke`, which runs
/// the command (killing it on cancellation, stderr to the log) or posts to the URL.
///
/// Only redacted data is sent: without the guardrail's output the hook refuses to run. A reply
/// that fails validation, like any error or timeout, drops the hook's output and sync goes on.
public struct ExternalHook: Hook {
    public let name: String
    public let stage = HookStage.external
    public let timeout: Duration
    /// Canonical fields the hook may propose edits to; anything else in a reply is invalid.
    public let writableFields: Set<String>
    let invoke: @Sendable (Data) async throws -> Data

    public init(name: String, writableFields: Set<String>, timeout: Duration = .seconds(5),
                invoke: @escaping @Sendable (Data) async throws -> Data) {
        self.name = name
        self.writableFields = writableFields
        self.timeout = timeout
        self.invoke = invoke
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard let fields = work.redactedFields, work.outbound == .allowed else {
            throw HookFailure.failed("nothing redacted to send")
        }
        let request = ExternalHookRequest(
            org: work.change.org.rawValue, record: work.change.record.description, kind: work.change.kind.rawValue,
            changed: work.change.changed.sorted(), fields: fields, texts: work.redactedTexts,
            score: work.score.map { ExternalHookRequest.Score(score: $0.score, confidence: $0.confidence, risks: $0.risks.map(\.feature)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let reply = try await invoke(try encoder.encode(request))
        var work = work
        work.edits += try ExternalHookReply.validated(reply, record: work.change.record, writable: writableFields)
        return work
    }
}

/// What an external hook receives: the change after redaction, and the score if there is one.
struct ExternalHookRequest: Encodable {
    struct Score: Encodable { let score: Double; let confidence: Double; let risks: [String] }
    let org: String
    let record: String
    let kind: String
    let changed: [String]
    let fields: [String: FieldValue]
    let texts: [String]
    let score: Score?
}

/// The reply schema: `{"edits": [{"field": NAME, "value": FIELD_VALUE}]}` where FIELD_VALUE is
/// DealSync's tagged value (`{"t":"string","v":"…"}`); at most 50 edits, each to a writable field.
enum ExternalHookReply {
    struct Body: Decodable {
        struct Edit: Decodable { let field: String; let value: FieldValue }
        let edits: [Edit]
    }

    static let maxEdits = 50

    static func validated(_ data: Data, record: RecordID, writable: Set<String>) throws -> [FieldEdit] {
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: data) } catch {
            throw HookFailure.failed("reply does not match the schema")
        }
        guard body.edits.count <= maxEdits else { throw HookFailure.failed("reply has more than \(maxEdits) edits") }
        if let bad = body.edits.first(where: { !writable.contains($0.field) }) {
            throw HookFailure.failed("reply edits \(bad.field), which the hook may not write")
        }
        return body.edits.map { FieldEdit(record: record, field: $0.field, value: $0.value.normalized) }
    }
}
