import Dispatch

/// Runs hooks in DESIGN §6 order on one change, each under its timeout.
///
/// A hook that fails falls back (the guardrail holds outbound work; the scorer uses rules) or,
/// without a fallback, is skipped with its output dropped: a failing external hook never
/// blocks sync. When the guardrail holds outbound work, external hooks are not run at all.
public struct HookPipeline: Sendable {
    public let hooks: [any Hook]
    let metrics: any HookMetrics

    public init(hooks: [any Hook], metrics: any HookMetrics = NoHookMetrics()) {
        // Stable sort: hooks of one stage keep their configured order.
        self.hooks = hooks.enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }.map(\.element)
        self.metrics = metrics
    }

    /// Runs every hook and returns the final work; the per-hook outcomes are in run order.
    public func run(_ change: HookChange) async -> (work: HookWork, outcomes: [(hook: String, outcome: HookOutcome)]) {
        var work = HookWork(change: change)
        var outcomes: [(hook: String, outcome: HookOutcome)] = []
        let clock = ContinuousClock()
        for hook in hooks {
            if hook.stage == .external, work.outbound != .allowed { continue }
            let started = clock.now
            let outcome: HookOutcome
            do {
                work = try await Self.withTimeout(hook.timeout) { [work] in try await hook.run(work) }
                outcome = .success
            } catch {
                let failure = error as? HookFailure ?? .failed(String(describing: type(of: error)))
                if let fallen = hook.fallback(work, after: failure) {
                    work = fallen
                    outcome = .fallback
                } else {
                    outcome = .failure
                }
            }
            let elapsed = started.duration(to: clock.now)
            metrics.record(hook: hook.name, outcome: outcome, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            outcomes.append((hook.name, outcome))
        }
        return (work, outcomes)
    }

    /// Races `body` against the timeout without waiting for a body that ignores cancellation:
    /// an external command stuck in a read must not hold up the pipeline.
    static func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                gate.arm(continuation)
                let worker = Task {
                    do { gate.resume(with: .success(try await body())) } catch { gate.resume(with: .failure(error)) }
                }
                gate.onFinish { worker.cancel() }
                // A Dispatch timer, not `Task.sleep`: a hook that blocks its thread with
                // synchronous work must not also starve the timer that times it out.
                let (seconds, attoseconds) = timeout.components
                let nanoseconds = Int(min(seconds, Int64(Int.max / 1_000_000_000 - 1))) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                    gate.resume(with: .failure(HookFailure.timedOut(timeout)))
                }
            }
        } onCancel: {
            gate.resume(with: .failure(CancellationError()))
        }
    }
}
