import DealSyncHooks
import Metrics

/// `HookMetrics` on swift-metrics: `dealsync_hook_seconds{hook}` and one counter per outcome
/// (`dealsync_hook_successes_total`, `dealsync_hook_failures_total`,
/// `dealsync_hook_fallbacks_total`), labelled by hook name only (bounded: one per configured hook).
struct HookMetricsExporter: HookMetrics {
    func record(hook: String, outcome: HookOutcome, seconds: Double) {
        let labels = [("hook", hook)]
        Metrics.Timer(label: "dealsync_hook_seconds", dimensions: labels, preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(seconds * 1e9))
        let counter = switch outcome {
        case .success: "dealsync_hook_successes_total"
        case .failure: "dealsync_hook_failures_total"
        case .fallback: "dealsync_hook_fallbacks_total"
        }
        Counter(label: counter, dimensions: labels).increment()
    }
}
