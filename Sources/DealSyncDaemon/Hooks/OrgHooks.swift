import DealSyncConnectors
import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Logging

/// What running hooks needs for one org: its engine (mappings, replicas, queue order) and its
/// pipeline factory. Built from a configuration; nil for an org without hooks or CRM sources
/// (hook output is written back to CRMs, so there must be some).
struct OrgHooks: Sendable {
    let org: OrgID
    let config: HooksConfig
    let engine: SyncEngine
    let factory: HookPipelineFactory

    init?(org: OrgConfig, store: Store, mappings: MappingSet, scorer: DealScorer, features: FeatureStore? = nil, logger: Logger) {
        guard let config = org.hooks else { return nil }
        var sources: [SourceID: CRMKind] = [:]
        for source in org.sources where source.kind.isCRM { sources[source.id] = CRMKind(rawValue: source.kind.rawValue) }
        guard !sources.isEmpty else { return nil }
        let orgStore = store.org(org.id)
        self.org = org.id
        self.config = config
        engine = SyncEngine(store: orgStore, mappings: mappings, sources: sources, policy: SyncPolicy(runsHooks: true),
                            orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
        let orgLogger = logger.scoped(org: org.id.rawValue)
        var companies: CompanyDirectory?
        do {
            companies = try CompanyDirectory.make(org.enrichment, store: orgStore)
        } catch {
            // The config check read the key file; losing it later costs the lookup, not the hooks.
            orgLogger.error("company lookup disabled: its key file cannot be read", metadata: ["error": "\(error)"])
        }
        factory = HookPipelineFactory(org: org.id, store: orgStore, config: config, scorer: scorer,
                                      logger: orgLogger, features: features, companies: companies)
    }
}

/// The orgs' hooks, made once from the start-up configuration and shared by the workers and
/// the control commands, so both score with the same model.
actor HooksRegistry {
    private var built: [OrgID: OrgHooks]?
    /// One feature store for every org: its cache and aggregates are keyed by org.
    private(set) var features: FeatureStore?

    func all(_ context: DaemonContext) throws -> [OrgID: OrgHooks] {
        if let built { return built }
        let config = context.config
        var result: [OrgID: OrgHooks] = [:]
        let withHooks = config.orgs.filter { $0.hooks != nil }
        if !withHooks.isEmpty {
            let mappings = try config.mappings ?? ShippedMappings.load()
            let logger = context.logger.withLabel("dealsync.hooks")
            let features = FeatureStore(store: context.store)
            self.features = features
            for org in withHooks {
                let scorer = HookPipelineFactory.scorer(for: org.hooks!, org: org.id, health: context.health,
                                                        logger: logger.scoped(org: org.id.rawValue))
                if let hooks = OrgHooks(org: org, store: context.store, mappings: mappings, scorer: scorer, features: features, logger: logger) {
                    result[org.id] = hooks
                }
            }
        }
        built = result
        return result
    }

    func org(_ id: OrgID, _ context: DaemonContext) throws -> OrgHooks? {
        try all(context)[id]
    }
}
