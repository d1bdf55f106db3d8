import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncSync
import Foundation
import Logging
import ServiceLifecycle

/// The mail side: per gmail/graph source a `MailboxService` turning new messages into
/// activities, and the push endpoint for them.
public struct MailPart: DaemonPart {
    /// Routes are mounted before the services exist; deliveries find the service here then.
    let directory = MailboxDirectory()

    public init() {}

    public func services(in context: DaemonContext) async throws -> [any Service] {
        let config = context.config
        var services: [MailboxService] = []
        guard config.orgs.contains(where: { $0.sources.contains { !$0.kind.isCRM } }) else { return [] }
        let mappings = try config.mappings ?? ShippedMappings.load()
        let metrics = MailMetrics(registry: context.metrics.registry)
        let vault = RefreshTokenVault(stateDir: config.stateDir, keyFile: config.secretsKeyFile,
                                      logger: context.logger.withLabel("dealsync.secrets"))
        for org in config.orgs {
            let mailboxes = org.sources.filter { !$0.kind.isCRM }
            guard !mailboxes.isEmpty else { continue }
            var crms: [SourceID: CRMKind] = [:]
            for source in org.sources { crms[source.id] = CRMKind(rawValue: source.kind.rawValue) }
            var policy = SyncPolicy()
            policy.runsHooks = org.hooks != nil
            let engine = SyncEngine(store: context.store.org(org.id), mappings: mappings, sources: crms, policy: policy,
                                    orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
            for source in mailboxes {
                let logger = context.logger.withLabel("dealsync.mail").scoped(org: org.id.rawValue, source: source.id.rawValue)
                // Unusable credentials stop this mailbox, not the daemon: the CRMs keep syncing.
                let client: MailClient
                do {
                    client = try MailClient(source: source, vault: vault)
                } catch {
                    context.health.set(HealthCondition(.sourceAuthFailed, .critical, "mailbox credentials unusable: \(error)",
                                                       org: org.id, source: source.id))
                    logger.error("mailbox not watched", metadata: ["error": "\(error)"])
                    continue
                }
                services.append(MailboxService(org: org.id, source: source, engine: engine, client: client,
                                               runtime: context.runtime, health: context.health, metrics: metrics, logger: logger))
            }
        }
        await directory.register(services)
        let reloadable = services
        await context.runtime.onReload { config in
            for service in reloadable { await service.apply(config) }
        }
        return services
    }

    public func routes(in context: DaemonContext) -> [any HTTPRouteProvider] {
        let directory = directory
        return [MailWebhookRoutes(lookup: { await directory.service($0) }, logger: context.logger.withLabel("dealsync.webhooks"))]
    }
}

actor MailboxDirectory {
    private var services: [String: MailboxService] = [:]

    func register(_ list: [MailboxService]) {
        for service in list { services["\(service.org)/\(service.id)"] = service }
    }

    func service(_ key: String) -> MailboxService? { services[key] }
}
