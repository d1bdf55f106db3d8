/// Where a hook runs in the pipeline. The order is DESIGN §6's: nothing leaves the process
/// before the guardrail has redacted it, and scores are checked before they are written back.
public enum HookStage: Int, Sendable, Comparable, CaseIterable, Codable {
    case guardrail, enrichment, features, scoring, evaluation, notification, external

    public static func < (a: HookStage, b: HookStage) -> Bool { a.rawValue < b.rawValue }
}

/// How one hook run ended, the label of its metrics.
public enum HookOutcome: String, Sendable, Codable, CaseIterable {
    /// The hook returned in time.
    case success
    /// The hook failed or timed out and its fallback took over (rules instead of a model,
    /// block instead of leaking PII).
    case fallback
    /// The hook failed or timed out and has no fallback: its output is dropped, sync goes on.
    case failure
}

/// Why a hook did not return normally.
public enum HookFailure: Error, Sendable, Equatable {
    case timedOut(Duration)
    case failed(String)
}
