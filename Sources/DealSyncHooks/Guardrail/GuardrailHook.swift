import DealSyncCore

/// Redacts every text of a change before any later hook can send it out. Fail-safe: if
/// detection fails or times out, outbound work is held (external hooks skipped, the change
/// queued for a later try) rather than sent unredacted.
public struct GuardrailHook: Hook {
    public let name = "guardrail"
    public let stage = HookStage.guardrail
    public let timeout: Duration
    let detect: @Sendable (String) throws -> Redaction

    public init(detector: PIIDetector = PIIDetector(), timeout: Duration = .seconds(1)) {
        self.timeout = timeout
        self.detect = { try detector.redact($0) }
    }

    /// For tests of the fail-safe path: any redaction function, including one that throws.
    public init(timeout: Duration, redact: @escaping @Sendable (String) throws -> Redaction) {
        self.timeout = timeout
        self.detect = redact
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        var work = work
        work.redactedTexts = []
        work.redactionCounts = [:]
        for text in work.change.texts {
            try Task.checkCancellation()
            let r = try detect(text)
            work.redactedTexts.append(r.text)
            work.redactionCounts.merge(r.counts, uniquingKeysWith: +)
        }
        var fields: [String: FieldValue] = [:]
        for (name, value) in work.change.fields {
            try Task.checkCancellation()
            fields[name] = try redactStrings(value, into: &work.redactionCounts)
        }
        work.redactedFields = fields
        return work
    }

    /// Strings, alone or inside a multi-valued field, are redacted; other types carry no text.
    private func redactStrings(_ value: FieldValue, into counts: inout [PIIKind: Int]) throws -> FieldValue {
        switch value {
        case .string(let s):
            let r = try detect(s)
            counts.merge(r.counts, uniquingKeysWith: +)
            return .string(r.text)
        case .multi(let values):
            return .multi(try values.map { try redactStrings($0, into: &counts) })
        default:
            return value
        }
    }

    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        var work = work
        work.redactedTexts = []
        work.redactedFields = nil
        work.outbound = .held(reason: failure == .timedOut(timeout) ? "guardrail timed out" : "guardrail failed")
        return work
    }
}
