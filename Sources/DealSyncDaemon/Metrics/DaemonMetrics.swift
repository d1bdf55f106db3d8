import Prometheus
import Synchronization

/// The daemon's own Prometheus series (all prefixed `dealsync_`) and the registry `/metrics`
/// renders. Other parts record through swift-metrics; `dealsyncd` bootstraps `MetricsSystem`
/// with a `PrometheusMetricsFactory` over this same registry, so one scrape shows everything.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let process: ProcessMetrics
    private let up: Gauge
    private let reloadsSucceeded: Counter
    private let reloadsFailed: Counter
    private let startTime: Gauge
    /// Source-count series published so far, so a reload that removes a source zeroes its series.
    private let publishedSourceKeys = Mutex<Set<SourceCountKey>>([])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        process = ProcessMetrics(registry: registry)
        up = registry.gauge("dealsync_up", "1 while the daemon is ready, 0 while starting, stopping or not ready")
        let reloadHelp = "Configuration reloads (SIGHUP or control reload), by outcome"
        reloadsSucceeded = registry.counter("dealsync_config_reloads_total", reloadHelp, [("outcome", "success")])
        reloadsFailed = registry.counter("dealsync_config_reloads_total", reloadHelp, [("outcome", "failure")])
        startTime = registry.gauge("dealsync_start_time_seconds", "Unix time the daemon started")
        startTime.set(to: ProcessMetrics.now())
        registry.gauge("dealsync_build_info", "Always 1; the version label names the build", [("version", DaemonVersion.current)]).set(to: 1)
    }

    public func setReady(_ ready: Bool) { up.set(to: ready ? 1 : 0) }

    public func recordReload(success: Bool) {
        (success ? reloadsSucceeded : reloadsFailed).increment()
    }

    /// Publishes the configured source counts per org and kind, and how many are paused.
    /// Label values are bounded: orgs and kinds come from the config file.
    public func setSources(_ counts: [SourceCountKey: Int]) {
        let stale = publishedSourceKeys.withLock { published in
            let stale = published.subtracting(counts.keys)
            published.formUnion(counts.keys)
            return stale
        }
        for key in stale { sourcesGauge(key).set(to: 0) }
        for (key, count) in counts { sourcesGauge(key).set(to: Double(count)) }
    }

    private func sourcesGauge(_ key: SourceCountKey) -> Gauge {
        registry.gauge(
            "dealsync_sources", "Configured sources by org, kind and state (active or paused)",
            [("org", key.org), ("kind", key.kind), ("state", key.state)])
    }

    /// Prometheus text exposition of every series, refreshing the process gauges first.
    public func render() -> [UInt8] {
        process.refresh()
        return registry.emitToBuffer()
    }
}

/// The labels of one `dealsync_sources` series.
public struct SourceCountKey: Hashable, Sendable {
    public var org: String
    public var kind: String
    public var state: String

    public init(org: String, kind: String, state: String) {
        self.org = org
        self.kind = kind
        self.state = state
    }
}

extension PrometheusCollectorRegistry {
    /// A gauge by name and help; the registry requires labelled and unlabelled series to be made
    /// through different calls, hence the branch.
    func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        return labels.isEmpty ? makeGauge(descriptor: descriptor) : makeGauge(descriptor: descriptor, labels: labels)
    }

    func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        return labels.isEmpty ? makeCounter(descriptor: descriptor) : makeCounter(descriptor: descriptor, labels: labels)
    }
}
