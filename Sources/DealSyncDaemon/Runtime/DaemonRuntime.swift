import DealSyncControl
import DealSyncCore
import Foundation
import Logging

/// The daemon's mutable state: the configuration in force, paused sources and pending resync
/// requests. Control commands, SIGHUP and the HTTP server all go through this one actor, so a
/// reload and a pause can never interleave half-way.
public actor DaemonRuntime {
    public private(set) var config: DaemonConfig
    public let startedAt: Date
    public nonisolated let health: HealthRegistry
    public nonisolated let metrics: DaemonMetrics
    public nonisolated let notifier: SystemdNotifier
    let loader: ConfigLoader
    let overrides: ConfigOverrides
    let logger: Logger
    private var paused: [SourceRef: UInt32] = [:]
    private var resyncs: [ResyncRequest] = []
    /// Where the service is in its life, as systemd was last told.
    public private(set) var state = ServiceState.starting
    /// Parts that apply a reloaded config themselves (the control server's admin group).
    var reloadObservers: [@Sendable (DaemonConfig) async -> Void] = []

    public init(
        config: DaemonConfig, overrides: ConfigOverrides, loader: ConfigLoader, health: HealthRegistry,
        metrics: DaemonMetrics, notifier: SystemdNotifier, logger: Logger
    ) {
        self.config = config
        self.overrides = overrides
        self.loader = loader
        self.health = health
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        startedAt = Date()
        Self.publish(config: config, paused: [:], metrics: metrics)
    }

    /// Calls `observer` with each configuration a reload puts in force.
    public func onReload(_ observer: @escaping @Sendable (DaemonConfig) async -> Void) {
        reloadObservers.append(observer)
    }

    // MARK: Sources

    public var pausedSources: [SourceRef: UInt32] { paused }
    public var resyncRequests: [ResyncRequest] { resyncs }

    public func pause(_ ref: SourceRef, by uid: UInt32) throws(ControlError) {
        let source = try configured(ref)
        paused[ref] = uid
        health.set(HealthCondition(
            .sourcePaused, .warning, "paused by uid \(uid)", org: ref.org, source: ref.source))
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue)
            .notice("source paused", metadata: [LogKeys.peerUID: "\(uid)", "source.kind": "\(source.kind)"])
        Self.publish(config: config, paused: paused, metrics: metrics)
    }

    public func resume(_ ref: SourceRef, by uid: UInt32) throws(ControlError) {
        _ = try configured(ref)
        paused[ref] = nil
        health.clear(.sourcePaused, org: ref.org, source: ref.source)
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue)
            .notice("source resumed", metadata: [LogKeys.peerUID: "\(uid)"])
        Self.publish(config: config, paused: paused, metrics: metrics)
    }

    /// Records a resync request for one object, or every object the source syncs when nil;
    /// asking again for the same source and object keeps one request. Returns the objects asked for.
    @discardableResult
    public func requestResync(_ ref: SourceRef, object: RecordKind?, by uid: UInt32) throws(ControlError) -> [RecordKind] {
        let source = try configured(ref)
        if let object, !source.objects.contains(object) {
            let objects = source.objects.map(\.rawValue).joined(separator: ", ")
            throw ControlError.badRequest("\(ref) does not sync \(object) (it syncs \(objects))")
        }
        let objects = object.map { [$0] } ?? source.objects
        for object in objects where !resyncs.contains(where: { $0.source == ref && $0.object == object }) {
            resyncs.append(ResyncRequest(source: ref, object: object, requestedBy: uid))
        }
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue).notice(
            "resync requested",
            metadata: [LogKeys.object: "\(objects.map(\.rawValue).joined(separator: ","))", LogKeys.peerUID: "\(uid)"])
        return objects
    }

    /// Hands pending resync requests to the sync engine, removing them.
    public func takeResyncRequests() -> [ResyncRequest] {
        defer { resyncs.removeAll() }
        return resyncs
    }

    /// Puts a reloaded config in force, forgetting pauses and conditions of removed sources.
    func replaceConfig(_ next: DaemonConfig) {
        config = next
        for ref in paused.keys where next.source(org: ref.org, id: ref.source) == nil {
            paused[ref] = nil
            health.clear(.sourcePaused, org: ref.org, source: ref.source)
        }
        resyncs.removeAll { next.source(org: $0.source.org, id: $0.source.source) == nil }
        Self.publish(config: next, paused: paused, metrics: metrics)
    }

    private func configured(_ ref: SourceRef) throws(ControlError) -> SourceConfig {
        guard let source = config.source(org: ref.org, id: ref.source) else {
            throw ControlError.notFound("no source \(ref) in the configuration")
        }
        return source
    }

    // MARK: Status

    /// Records the life-cycle state reported to systemd (ready, reloading, stopping).
    public func setState(_ newState: ServiceState) {
        state = newState
    }

    /// The `STATUS=` line and the control `status` summary.
    public func statusLine() -> String {
        health.snapshot().statusLine(sources: config.sources.count)
    }

    static func publish(config: DaemonConfig, paused: [SourceRef: UInt32], metrics: DaemonMetrics) {
        var counts: [SourceCountKey: Int] = [:]
        for source in config.sources {
            let state = paused[SourceRef(org: source.org, source: source.id)] == nil ? "active" : "paused"
            counts[SourceCountKey(org: source.org.rawValue, kind: source.kind.rawValue, state: state), default: 0] += 1
        }
        metrics.setSources(counts)
    }
}
