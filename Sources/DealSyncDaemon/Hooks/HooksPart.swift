import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Logging
import ServiceLifecycle

/// Hooks on every committed change (DESIGN §1 step 5, §6): per org with a `hooks:` section, a
/// queue worker for the `local` replica that runs the pipeline on each `hook_run` job, and one
/// for `slack` that posts the messages it queued; and the `review.*` and `score` commands.
public struct HooksPart: DaemonPart {
    let registry = HooksRegistry()

    public init() {}

    public func services(in context: DaemonContext) async throws -> [any Service] {
        var services: [any Service] = []
        for (id, hooks) in try await registry.all(context).sorted(by: { $0.key < $1.key }) {
            let logger = context.logger.withLabel("dealsync.hooks").scoped(org: id.rawValue)
            let queue = DurableQueue(store: hooks.engine.store)
            // Only these workers claim the two sources, and none runs yet: whatever is in
            // flight was left by a killed process.
            try await queue.releaseInflight(source: .local)
            try await queue.releaseInflight(source: SlackDelivery.source)
            let slack = hooks.config.slackWebhookURL == nil ? nil : SlackDelivery.source
            let executor = HookRunExecutor(
                store: hooks.engine.store, pipeline: hooks.factory.pipeline(),
                writer: HookResultWriter(engine: hooks.engine, slack: slack),
                hasExternalHooks: !hooks.factory.externalHooks().isEmpty,
                catchUp: CatchUpGate(sources: hooks.engine.sources.keys.sorted().map { SourceRef(org: id, source: $0) },
                                     progress: context.runtime.progress),
                logger: logger.scoped(org: id.rawValue, source: SourceID.local.rawValue))
            services.append(WorkerService(worker: SourceWorker(
                source: .local, queue: queue, limits: HookRunExecutor.limits, budget: HookRunExecutor.budget,
                executor: executor, logger: logger)))
            if let companies = hooks.factory.companies {
                services.append(CompanyLookupService(directory: companies, logger: logger))
            }
            if slack != nil {
                let runtime = context.runtime
                let sender = SlackSender(
                    webhookURL: { await runtime.config.orgs.first { $0.id == id }?.hooks?.slackWebhookURL },
                    logger: logger.scoped(org: id.rawValue, source: SlackDelivery.source.rawValue))
                services.append(WorkerService(worker: SourceWorker(
                    source: SlackDelivery.source, queue: queue, limits: SlackSender.limits, budget: SlackSender.budget,
                    executor: sender, logger: logger)))
            }
        }
        if let features = await registry.features {
            services.append(FeatureAggregateRefresher(features: features, orgs: try await registry.all(context).keys.sorted(),
                                                      health: context.health, logger: context.logger.withLabel("dealsync.features")))
        }
        return services
    }

    public func registerCommands(into table: inout ControlCommandTable, context: DaemonContext) {
        HookCommands(context: context, registry: registry).register(into: &table)
    }
}
