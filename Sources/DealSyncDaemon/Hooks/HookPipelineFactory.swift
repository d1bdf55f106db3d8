import DealSyncControl
import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation
import Logging

/// The one place an org's hook list is built, in DESIGN §6 order: guardrail, enrichment,
/// features, scoring, evaluation, notifier, then the operator's external hooks.
struct HookPipelineFactory: Sendable {
    let org: OrgID
    let store: OrgStore
    let config: HooksConfig
    let scorer: DealScorer
    let logger: Logger
    /// The daemon's feature store; without one the features stage falls back to the change's fields.
    var features: FeatureStore? = nil
    /// The org's company lookup (`enrichment.lookup_url`); without one companies are not looked up.
    var companies: CompanyDirectory? = nil

    func pipeline(metrics: any HookMetrics = HookMetricsExporter()) -> HookPipeline {
        HookPipeline(hooks: hooks(), metrics: metrics)
    }

    func hooks() -> [any Hook] {
        [
            GuardrailHook(),
            EnrichmentHook(),
        ] + (companies.map { [CompanyLookupHook(directory: $0)] } ?? []) + [
            ActivitySummaryHook(),
            features.map { FeaturesHook(source: $0) } ?? FeaturesHook(lookup: { _ in throw FeatureStoreUnavailable() }),
            ScoringHook(scorer: scorer, reviewConfidence: config.reviewConfidence),
            EvaluationHook(blockBelow: config.qualityThreshold),
            NotifierHook(thresholds: { [config] _ in config.thresholds }),
        ] + externalHooks()
    }

    /// The operator's hooks, each with the runner for its target.
    func externalHooks() -> [any Hook] {
        ExternalHookRunners.hooks(config.external, logger: logger)
    }

    /// Loads the org's model, or rules when none is configured or installed; a model that does
    /// not load is logged, raised as `hooks.model_unavailable` and scored by rules too.
    static func scorer(for config: HooksConfig, org: OrgID, health: HealthRegistry, logger: Logger) -> DealScorer {
        let path = DefaultModel.path(configured: config.model)
        let (scorer, error) = DealScorer.loading(modelAt: path.map { URL(fileURLWithPath: $0) })
        if let error {
            logger.error("scoring model did not load; scoring by rules", metadata: [
                "model.path": "\(path ?? "-")", LogKeys.error: "\(error)"])
            health.set(HealthCondition(.hooksModelUnavailable, .warning,
                                       "model \(path ?? "-") did not load; deals are scored by rules", org: org))
        } else {
            logger.info("scoring ready", metadata: [
                "model.path": "\(path ?? "-")", "scoring.method": "\(scorer.model == nil ? "rules" : "model")"])
        }
        return scorer
    }
}

extension HealthCode {
    /// An org's scoring model did not load: its deals are scored by the fixed rules.
    public static let hooksModelUnavailable = HealthCode("hooks.model_unavailable")
}

/// The feature lookup before a feature store answers: FeaturesHook's documented fallback (the
/// features the change itself carries) takes over.
struct FeatureStoreUnavailable: Error {}

extension HooksConfig {
    var thresholds: NotifierThresholds {
        NotifierThresholds(highValueAmount: highValueAmount, riskScoreBelow: riskScoreBelow, alertMinAmount: alertMinAmount)
    }
}
