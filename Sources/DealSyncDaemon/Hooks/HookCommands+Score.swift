import DealSyncControl
import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import Foundation

extension HookCommands {
    /// `score ORG/DEAL`: the features and scoring stages of the org's pipeline on the deal as
    /// stored now; nothing is written.
    func score(_ command: ScoreCommand) async throws -> ScoreReport {
        _ = try orgs(command.org)
        let hooks = try await hooks(command.org)
        let query = command.deal
        let change = try await hooks.engine.store.read { tx -> HookChange? in
            guard let record = try Self.deal(query, tx: tx) else { return nil }
            return try HookChangeReader.change(HookRunRequest(record: record, kind: .deal, changed: []), tx: tx)
        }
        guard let change else { throw ControlError.notFound("no deal \(query) in \(command.org)") }
        let stages: Set<HookStage> = [.features, .scoring]
        let pipeline = HookPipeline(hooks: hooks.factory.hooks().filter { stages.contains($0.stage) },
                                    metrics: HookMetricsExporter())
        let (work, _) = await pipeline.run(change)
        guard let score = work.score else {
            throw ControlError.unavailable("the scoring stage produced no score for \(query)")
        }
        let features = work.features ?? DealFeatures()
        let names = (DealFeatures.names + score.contributions.keys.filter { !DealFeatures.names.contains($0) }.sorted())
            .filter { features[$0] != nil || score.contributions[$0] != nil }
        let name: String? = if case .string(let s)? = change.fields["name"] { s } else { nil }
        return ScoreReport(
            org: command.org, deal: change.record.description, name: name, score: score.score,
            confidence: score.confidence, method: score.method.rawValue,
            needsReview: score.confidence < hooks.config.reviewConfidence,
            contributions: names.map { ScoreReport.Contribution(feature: $0, value: features[$0], contribution: score.contributions[$0] ?? 0) },
            risks: score.risks.map { ScoreReport.Risk(feature: $0.feature, summary: $0.summary, contribution: $0.contribution) },
            nextActions: score.nextActions)
    }

    /// A deal by DealSync id, else by exact name (the oldest such deal).
    static func deal(_ query: String, tx: OrgReadTransaction) throws -> RecordID? {
        if let id = RecordID(query), try tx.record(id)?.kind == .deal { return id }
        return try tx.records(kind: .deal, field: "name", value: .string(query)).sorted().first
    }
}
