import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Foundation
import Logging

/// The daemon's mutable state: the configuration in force and the sources' pause state.
/// Control commands, SIGHUP and the HTTP server all go through this one actor, so a reload and
/// a pause can never interleave half-way. Pauses and resync requests are written to the store,
/// so they survive a restart and the sync engine finds them there.
public actor DaemonRuntime {
    public private(set) var config: DaemonConfig
    public let startedAt: Date
    public nonisolated let store: Store
    public nonisolated let health: HealthRegistry
    public nonisolated let metrics: DaemonMetrics
    public nonisolated let notifier: SystemdNotifier
    /// Each source's last complete pull and last error, reported by its poller.
    public nonisolated let progress = SourceProgress()
    let loader: ConfigLoader
    let overrides: ConfigOverrides
    let logger: Logger
    /// Paused sources and why, mirrored from the store for cheap status answers.
    private var paused: [SourceRef: String] = [:]
    /// Where the service is in its life, as systemd was last told.
    public private(set) var state = ServiceState.starting
    /// Parts that apply a reloaded config themselves (the control server's admin group).
    var reloadObservers: [@Sendable (DaemonConfig) async -> Void] = []

    /// Registers the configured sources in the store and restores their pause state.
    public init(
        config: DaemonConfig, store: Store, overrides: ConfigOverrides, loader: ConfigLoader, health: HealthRegistry,
        metrics: DaemonMetrics, notifier: SystemdNotifier, logger: Logger
    ) throws {
        self.config = config
        self.store = store
        self.overrides = overrides
        self.loader = loader
        self.health = health
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        startedAt = Date()
        paused = try Self.registerSources(of: config, in: store)
        for (ref, reason) in paused {
            health.set(HealthCondition(.sourcePaused, .warning, reason, org: ref.org, source: ref.source))
        }
        Self.publish(config: config, paused: paused, metrics: metrics)
    }

    /// Calls `observer` with each configuration a reload puts in force.
    public func onReload(_ observer: @escaping @Sendable (DaemonConfig) async -> Void) {
        reloadObservers.append(observer)
    }

    // MARK: Sources

    public var pausedSources: [SourceRef: String] { paused }

    public func pause(_ ref: SourceRef, by uid: UInt32) async throws {
        let source = try configured(ref)
        let reason = "paused by uid \(uid)"
        try await store.org(ref.org).write { tx in try tx.setPaused(ref.source, reason: reason) }
        paused[ref] = reason
        health.set(HealthCondition(.sourcePaused, .warning, reason, org: ref.org, source: ref.source))
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue)
            .notice("source paused", metadata: [LogKeys.peerUID: "\(uid)", "source.kind": "\(source.kind)"])
        Self.publish(config: config, paused: paused, metrics: metrics)
    }

    public func resume(_ ref: SourceRef, by uid: UInt32) async throws {
        _ = try configured(ref)
        try await store.org(ref.org).write { tx in try tx.setPaused(ref.source, reason: nil) }
        paused[ref] = nil
        health.clear(.sourcePaused, org: ref.org, source: ref.source)
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue)
            .notice("source resumed", metadata: [LogKeys.peerUID: "\(uid)"])
        Self.publish(config: config, paused: paused, metrics: metrics)
    }

    /// Records a resync request for one object, or every object the source syncs when nil, as
    /// an admin-priority `resync` job for the sync engine. Asking again while one is pending
    /// keeps the one job. Returns the objects asked for.
    @discardableResult
    public func requestResync(_ ref: SourceRef, object: RecordKind?, by uid: UInt32) async throws -> [RecordKind] {
        let source = try configured(ref)
        if let object, !source.objects.contains(object) {
            let objects = source.objects.map(\.rawValue).joined(separator: ", ")
            throw ControlError.badRequest("\(ref) does not sync \(object) (it syncs \(objects))")
        }
        let objects = object.map { [$0] } ?? source.objects
        try await store.org(ref.org).write { tx in
            let pending = try tx.jobs(source: ref.source, state: .pending).filter { $0.kind == .resync }
            for object in objects where !pending.contains(where: { $0.object == object.rawValue }) {
                try tx.enqueue(JobRequest(
                    source: ref.source, kind: .resync, object: object.rawValue, priority: .adminResync,
                    payload: JobPayload(parameters: ["requested_by_uid": "\(uid)"])))
            }
        }
        logger.scoped(org: ref.org.rawValue, source: ref.source.rawValue).notice(
            "resync requested",
            metadata: [LogKeys.object: "\(objects.map(\.rawValue).joined(separator: ","))", LogKeys.peerUID: "\(uid)"])
        return objects
    }

    /// Puts a reloaded config in force: registers new sources, forgets removed ones' conditions.
    func replaceConfig(_ next: DaemonConfig) throws {
        let storedPauses = try Self.registerSources(of: next, in: store)
        config = next
        for ref in paused.keys where storedPauses[ref] == nil {
            health.clear(.sourcePaused, org: ref.org, source: ref.source)
        }
        paused = storedPauses
        Self.publish(config: next, paused: paused, metrics: metrics)
    }

    private func configured(_ ref: SourceRef) throws(ControlError) -> SourceConfig {
        guard let source = config.source(org: ref.org, id: ref.source) else {
            throw ControlError.notFound("no source \(ref) in the configuration")
        }
        return source
    }

    /// Makes sure every configured source has its row, and returns the paused ones.
    private static func registerSources(of config: DaemonConfig, in store: Store) throws -> [SourceRef: String] {
        var paused: [SourceRef: String] = [:]
        for org in config.orgs {
            let stored = try store.org(org.id).write { tx in
                for source in org.sources { try tx.registerSource(source.id, kind: source.kind.rawValue) }
                return try tx.sources()
            }
            let configured = Set(org.sources.map(\.id))
            for source in stored where source.paused && configured.contains(source.id) {
                paused[SourceRef(org: org.id, source: source.id)] = source.pauseReason ?? "paused"
            }
        }
        return paused
    }

    // MARK: Status

    /// Records the life-cycle state reported to systemd (ready, reloading, stopping).
    public func setState(_ newState: ServiceState) {
        state = newState
    }

    /// The `STATUS=` line and the control `health` summary.
    public func statusLine() -> String {
        health.snapshot().statusLine(sources: config.sources.count)
    }

    static func publish(config: DaemonConfig, paused: [SourceRef: String], metrics: DaemonMetrics) {
        var counts: [SourceCountKey: Int] = [:]
        for source in config.sources {
            let state = paused[SourceRef(org: source.org, source: source.id)] == nil ? "active" : "paused"
            counts[SourceCountKey(org: source.org.rawValue, kind: source.kind.rawValue, state: state), default: 0] += 1
        }
        metrics.setSources(counts)
    }
}
