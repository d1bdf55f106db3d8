import DealSyncControl
import DealSyncStore
import Logging
import ServiceLifecycle

/// What the composition root hands to each part of the service once the store is open.
public struct DaemonContext: Sendable {
    /// The configuration at start-up; `runtime.config` is the one in force after reloads
    /// (`runtime.onReload` announces each).
    public let config: DaemonConfig
    public let store: Store
    public let runtime: DaemonRuntime
    public let health: HealthRegistry
    public let metrics: DaemonMetrics
    public let logger: Logger
}

/// A part of the service owned by another module: the sync engine's pollers, queue workers,
/// mail watchers, webhook receivers, and the control commands over their data (queue,
/// dead letters, conflicts). `buildDaemon` asks each part, in order, for what it contributes,
/// so adding one is a new type listed in `DaemonOptions.parts`, not an edit of the root.
public protocol DaemonPart: Sendable {
    /// Long-running work. Started after the store and before the control and HTTP servers,
    /// so on shutdown it stops after the servers stopped taking requests and before the
    /// store closes, finishing its in-flight batches within the shutdown deadline.
    func services(in context: DaemonContext) async throws -> [any Service]
    /// HTTP routes mounted beside `/healthz`, `/readyz` and `/metrics` (e.g. `/webhooks/…`).
    func routes(in context: DaemonContext) -> [any HTTPRouteProvider]
    /// Control commands this part serves (each marked read or write by the shared protocol).
    func registerCommands(into table: inout ControlCommandTable, context: DaemonContext)
}

extension DaemonPart {
    public func services(in context: DaemonContext) async throws -> [any Service] { [] }
    public func routes(in context: DaemonContext) -> [any HTTPRouteProvider] { [] }
    public func registerCommands(into table: inout ControlCommandTable, context: DaemonContext) {}
}
