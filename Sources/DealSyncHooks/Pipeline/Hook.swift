/// One step run on each committed change. Hooks take and return values and never see the
/// store: the daemon applies `HookWork.edits` through the resolver.
public protocol Hook: Sendable {
    /// Metric label; bounded (one per configured hook).
    var name: String { get }
    var stage: HookStage { get }
    /// Wall-clock, so it includes waiting for a thread: the defaults (1 s) leave room for a
    /// busy machine inside DESIGN's 2 s per-deal budget, which normal runs use a thousandth of.
    var timeout: Duration { get }
    func run(_ work: HookWork) async throws -> HookWork
    /// The work to continue with when `run` threw or timed out, or nil when the hook has no
    /// fallback and its output is simply dropped.
    func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork?
}

extension Hook {
    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? { nil }
}

/// The seam the daemon backs with swift-metrics: `dealsync_hook_seconds{hook}` and one counter
/// per outcome (`dealsync_hook_successes_total`, `…_failures_total`, `…_fallbacks_total`).
public protocol HookMetrics: Sendable {
    func record(hook: String, outcome: HookOutcome, seconds: Double)
}

/// Records nothing, for tools and tests that do not export metrics.
public struct NoHookMetrics: HookMetrics {
    public init() {}
    public func record(hook: String, outcome: HookOutcome, seconds: Double) {}
}
