import DealSyncConnectors
import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The sync of every org's CRM sources: per source a poller (pull + webhook hints), a queue
/// worker running pushes and resyncs, and a webhook receiver.
public struct SyncPart: DaemonPart {
    /// The receivers are built with the services and read by the routes, which the composition
    /// root asks for first; both come from one `Wiring` made once.
    let wiring = WiringBox()

    public init() {}

    public func services(in context: DaemonContext) async throws -> [any Service] {
        try await wiring.build(context).services
    }

    public func routes(in context: DaemonContext) -> [any HTTPRouteProvider] {
        [LazyWebhookRoutes(box: wiring, runtime: context.runtime, logger: context.logger.withLabel("dealsync.webhooks"))]
    }

    public func registerCommands(into table: inout ControlCommandTable, context: DaemonContext) {
        var commands = SyncCommands(context: context)
        let wiring = wiring
        commands.workers = { await wiring.workerStatus() }
        commands.register(into: &table)
    }
}

/// What `SyncPart` built for one daemon.
struct SyncWiring: Sendable {
    var services: [any Service] = []
    var receivers: [String: WebhookRoutes.Receiver] = [:]
    var workers: [SourceRef: SourceWorker] = [:]
}

actor WiringBox {
    private var built: SyncWiring?

    func build(_ context: DaemonContext) async throws -> SyncWiring {
        if let built { return built }
        let wiring = try await Self.make(context)
        built = wiring
        return wiring
    }

    var receivers: [String: WebhookRoutes.Receiver] { built?.receivers ?? [:] }

    /// Budget and breaker of every worker built so far, for `dealsyncctl queue`.
    func workerStatus() async -> [SourceRef: SourceWorker.Status] {
        var result: [SourceRef: SourceWorker.Status] = [:]
        for (ref, worker) in built?.workers ?? [:] { result[ref] = await worker.status() }
        return result
    }

    static func make(_ context: DaemonContext) async throws -> SyncWiring {
        let config = context.config
        var wiring = SyncWiring()
        guard config.orgs.contains(where: { $0.sources.contains(where: \.kind.isCRM) }) else { return wiring }
        let mappings = try config.mappings ?? ShippedMappings.load()
        // Jobs a killed process left in flight run again: nothing acknowledged is lost.
        _ = try await DurableQueue.recoverAfterRestart(context.store)
        for org in config.orgs {
            let crmSources = org.sources.filter(\.kind.isCRM)
            guard !crmSources.isEmpty else { continue }
            let store = context.store.org(org.id)
            var kinds: [SourceID: CRMKind] = [:]
            for source in crmSources { kinds[source.id] = CRMKind(rawValue: source.kind.rawValue) }
            var connectors: [SourceID: any CRMConnector] = [:]
            let vault = RefreshTokenVault(stateDir: config.stateDir, keyFile: config.secretsKeyFile,
                                          logger: context.logger.withLabel("dealsync.secrets"))
            for source in crmSources {
                guard let crm = kinds[source.id] else { continue }
                let configured = source.credentials["refresh_token"] ?? ""
                connectors[source.id] = try ConnectorFactory.make(.init(
                    kind: crm, baseURL: source.baseURL,
                    credentials: Dictionary(uniqueKeysWithValues: source.credentials.keys.compactMap { k in source.credentials[k].map { (k, $0) } }),
                    fields: Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0, mappings.remoteFieldNames($0, crm)) }),
                    persistRefreshToken: vault.persist(org: org.id, source: source.id, configured: configured),
                    storedRefreshToken: configured.isEmpty ? nil : vault.startingToken(org: org.id, source: source.id, configured: configured),
                    timeout: source.requestTimeout))
            }
            let owners = await OwnerDirectory.learn(from: Array(connectors.values),
                                                    logger: context.logger.withLabel("dealsync.sync").scoped(org: org.id.rawValue))
            let engine = SyncEngine(store: store, mappings: mappings.withOwners(owners), sources: kinds,
                                    policy: SyncPolicy(runsHooks: org.hooks != nil),
                                    orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
            for source in crmSources {
                guard let crm = kinds[source.id], let connector = connectors[source.id] else { continue }
                let logger = context.logger.withLabel("dealsync.sync")
                    .scoped(org: org.id.rawValue, source: source.id.rawValue)
                let metrics = SyncMetrics(registry: context.metrics.registry)
                let poller = SourcePoller(org: org.id, config: source, engine: engine, connector: connector,
                                          runtime: context.runtime, health: context.health, metrics: metrics, logger: logger)
                let executor = SyncJobExecutor(source: source.id, engine: engine, connector: connector, poller: poller,
                                               metrics: metrics, logger: logger)
                let api = config.connectors[crm] ?? .published(crm)
                let worker = SourceWorker(source: source.id, queue: DurableQueue(store: store), limits: api.batches,
                                          budget: api.budget, executor: executor, logger: logger)
                wiring.services += [poller, WorkerService(worker: worker)]
                wiring.workers[SourceRef(org: org.id, source: source.id)] = worker
                wiring.receivers["\(org.id)/\(source.id)"] = .init(connector: connector, poller: poller)
            }
        }
        return wiring
    }
}

/// Webhook routes are mounted before the services exist; deliveries look the receiver up then.
struct LazyWebhookRoutes: HTTPRouteProvider {
    let box: WiringBox
    let runtime: DaemonRuntime
    let logger: Logger

    func addRoutes(to router: Router<BasicRequestContext>) {
        let box = box, runtime = runtime
        WebhookRoutes(lookup: { key in await box.receivers[key] }, publicURL: { await runtime.config.publicURL },
                      logger: logger).addRoutes(to: router)
    }
}
