import DealSyncControl
import DealSyncStore
import Foundation
import Logging
import ServiceLifecycle

/// Everything `buildDaemon` needs besides the validated config. Defaults are what `dealsyncd`
/// uses; end-to-end tests override the environment, registry and routes.
public struct DaemonOptions: Sendable {
    /// Command-line overrides, re-applied on every reload.
    public var overrides = ConfigOverrides()
    /// Re-reads the config on reload (same credential environment as the first load).
    public var loader = ConfigLoader()
    public var metrics = DaemonMetrics()
    public var notifier = SystemdNotifier()
    public var watchdog = WatchdogSettings()
    /// The parts other modules contribute (services, HTTP routes, control commands), in
    /// dependency order.
    public var parts: [any DaemonPart] = []
    /// Longest a graceful shutdown may take before in-flight work is cancelled; kept below
    /// systemd's stop timeout so the daemon exits on its own terms.
    public var shutdownDeadline: Duration = .seconds(9)
    /// How often the store is probed for writability (`store.readonly`).
    public var storeProbeInterval: Duration = .seconds(15)
    public var logger = Logger(label: "dealsync.daemon")

    public init() {}
}

/// The running daemon: its state, for commands and tests, and the service group to run.
public struct Daemon: Sendable {
    public let runtime: DaemonRuntime
    public let group: ServiceGroup
}

/// The one composition root: builds every part from a validated config and wires them into a
/// `ServiceGroup` in dependency order (state first, servers last, systemd notification at the
/// very end so it is the first to hear of a shutdown).
///
/// SIGTERM and SIGINT shut the group down gracefully: services stop in reverse order, each
/// finishing in-flight work, within `options.shutdownDeadline`.
public func buildDaemon(config: DaemonConfig, options: DaemonOptions = DaemonOptions()) async throws -> Daemon {
    let logger = options.logger
    let health = HealthRegistry()
    health.set(HealthCondition(.serviceStarting, .critical, "starting: store, sockets and signal handlers not ready yet"))
    let gate = StartupGate(parts: [.store, .http, .control, .signals])

    try FileManager.default.createDirectory(
        atPath: config.stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
    let store = try Store.open(path: StoreService.path(stateDir: config.stateDir))
    let runtime = try DaemonRuntime(
        config: config, store: store, overrides: options.overrides, loader: options.loader, health: health,
        metrics: options.metrics, notifier: options.notifier, logger: logger)
    await gate.markReady(.store)
    let context = DaemonContext(
        config: config, store: store, runtime: runtime, health: health, metrics: options.metrics, logger: logger)

    var commands = ControlCommandTable()
    DaemonCommands.register(into: &commands, runtime: runtime)
    for part in options.parts { part.registerCommands(into: &commands, context: context) }
    let controlLogger = logger.withLabel("dealsync.control")
    let control = try ControlServer(
        configuration: ControlServerConfiguration(socketPath: config.controlSocket, adminGroup: config.adminGroup),
        commands: commands, audit: ControlAuditLog.hook(store: store, logger: controlLogger), logger: controlLogger)
    // Bound before the group runs, so a live daemon on the same socket stops this one at once.
    try await control.bind()
    await gate.markReady(.control)
    await runtime.onReload { config in
        do {
            try await control.updateAdminGroup(config.adminGroup)
        } catch {
            controlLogger.error("admin_group not applied", metadata: [LogKeys.error: "\(error)"])
        }
    }

    var routes: [any HTTPRouteProvider] = [HealthRoutes(health: health, metrics: options.metrics)]
    var partServices: [any Service] = []
    for part in options.parts {
        routes += part.routes(in: context)
        partServices += try await part.services(in: context)
    }
    let http = logger.withLabel("dealsync.http")
    let services: [any Service] =
        [
            StoreService(store: store, health: health, probeInterval: options.storeProbeInterval, logger: logger.withLabel("dealsync.store")),
            ReloadService(runtime: runtime, gate: gate, logger: logger),
        ] + partServices + [
            control,
            HTTPServer.make(address: config.httpListen, routes: routes, gate: gate, logger: http),
            SystemdService(runtime: runtime, gate: gate, watchdog: options.watchdog, logger: logger),
        ]
    var groupConfig = ServiceGroupConfiguration(services: services, logger: logger)
    groupConfig.gracefulShutdownSignals = [.sigterm, .sigint]
    groupConfig.maximumGracefulShutdownDuration = options.shutdownDeadline
    groupConfig.maximumCancellationDuration = .seconds(1)
    return Daemon(runtime: runtime, group: ServiceGroup(configuration: groupConfig))
}

extension Logger {
    /// A logger for another part, at the daemon's configured level.
    func withLabel(_ label: String) -> Logger {
        var child = Logger(label: label)
        child.logLevel = logLevel
        return child
    }
}
