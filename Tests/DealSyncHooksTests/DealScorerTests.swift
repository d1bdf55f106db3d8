import DealSyncCore
import DealSyncHooks
import Foundation
import Testing

@Suite struct DealScorerTests {
    let full = DealFeatures([
        "deal_velocity": 0.2, "engagement_score": 10, "contact_seniority": 0, "company_size": 3,
        "win_rate_rep": 0.2, "win_rate_industry": 0.2, "sentiment_trend": -0.8,
        "competitor_mentions": 4, "stage_duration_percentile": 95,
    ])

    @Test func aMissingModelFileFallsBackToRulesAndSaysWhy() {
        let (scorer, error) = DealScorer.loading(modelAt: URL(fileURLWithPath: "/nonexistent/model.json"))
        #expect(scorer.model == nil)
        #expect(error != nil)
        #expect(scorer.score(full).method == .rules)
    }

    @Test func aWeakDealHasRisksAndMatchingNextActions() throws {
        let scorer = DealScorer(model: try XGBoostModel(contentsOf: Fixtures.defaultModel))
        let s = scorer.score(full)
        #expect(s.method == .model)
        #expect(s.score < 20)
        #expect((1...3).contains(s.risks.count))
        #expect(s.risks.map(\.contribution) == s.risks.map(\.contribution).sorted())
        #expect(s.nextActions == s.risks.map(\.action))
        #expect(s.confidence >= 0.6)
    }

    @Test func fewKnownFeaturesMeanLowConfidenceAndReview() async throws {
        let scorer = DealScorer(model: try XGBoostModel(contentsOf: Fixtures.defaultModel))
        let sparse = DealFeatures(["engagement_score": 50, "win_rate_rep": 0.4])
        #expect(scorer.score(sparse).needsReview)
        let pipeline = HookPipeline(hooks: [FeaturesHook(timeout: .seconds(60), lookup: { _ in sparse }), ScoringHook(scorer: scorer, timeout: .seconds(60))])
        let (work, _) = await pipeline.run(dealChange())
        #expect(work.edits.isEmpty)
        #expect(work.withheldEdits.count == 3)
        #expect(work.reviews.map(\.reason) == [.lowConfidence])
    }

    @Test func aConfidentScoreIsWrittenBackAsLocalEdits() async throws {
        let scorer = DealScorer(model: try XGBoostModel(contentsOf: Fixtures.defaultModel))
        let pipeline = HookPipeline(hooks: [FeaturesHook(timeout: .seconds(60), lookup: { [full] _ in full }), ScoringHook(scorer: scorer, timeout: .seconds(60)), EvaluationHook(timeout: .seconds(60))])
        let (work, _) = await pipeline.run(dealChange())
        let score = try #require(work.score)
        #expect(work.edits.map(\.field) == ["score", "risk", "next_action"])
        #expect(work.edits.allSatisfy { $0.source == .local })
        try #require(work.edits.count == 3)
        #expect(work.edits[0].value == .decimal(Decimal(string: String(format: "%.1f", score.score))!))
        #expect(work.edits[1].value == .string(score.risks[0].summary))
    }

    @Test func aFeatureStoreFailureScoresOnTheChangesOwnFields() async throws {
        struct Down: Error {}
        let pipeline = HookPipeline(hooks: [FeaturesHook(timeout: .seconds(60), lookup: { _ in throw Down() }), ScoringHook(scorer: DealScorer(model: nil), timeout: .seconds(60))])
        let (work, outcomes) = await pipeline.run(dealChange(fields: ["win_rate_rep": .decimal(0.9)]))
        #expect(outcomes.map(\.outcome) == [.fallback, .success])
        #expect(work.features == DealFeatures(["win_rate_rep": 0.9]))
        #expect(work.score?.contributions.keys.sorted() == ["win_rate_rep"])
    }

    @Test func rulesRewardStrongDealsOverWeakOnes() {
        let strong = DealFeatures([
            "deal_velocity": 4, "engagement_score": 90, "contact_seniority": 4, "company_size": 3,
            "win_rate_rep": 0.7, "win_rate_industry": 0.5, "sentiment_trend": 0.6,
            "competitor_mentions": 0, "stage_duration_percentile": 10,
        ])
        #expect(RuleBasedScorer.score(strong).score > 90)
        #expect(RuleBasedScorer.score(full).score < 10)
        #expect(RuleBasedScorer.score(strong).risks.isEmpty)
    }
}
