import DealSyncCore
import DealSyncHooks
import Foundation
import Testing

@Suite struct DealEvaluatorTests {
    let evaluator = DealEvaluator()
    let company = RecordID.make()

    var clean: EvaluationInput {
        EvaluationInput(amount: Money(amount: 50_000, currency: "USD"), createdDate: CalendarDate("2025-01-10"),
                        closeDate: CalendarDate("2025-06-30"), probability: 60, stage: "negotiation", score: 65,
                        references: [company], knownRecords: [company])
    }

    func rules(_ input: EvaluationInput) -> [Violation.Rule] { evaluator.evaluate(input).violations.map(\.rule) }

    @Test func aConsistentDealPassesWithFullQuality() {
        let e = evaluator.evaluate(clean)
        #expect(e.violations.isEmpty)
        #expect(e.quality == 1)
        #expect(!e.blocked)
    }

    @Test func closeDateBeforeCreateDate() {
        var i = clean
        i.closeDate = CalendarDate("2024-12-31")
        #expect(rules(i) == [.closeBeforeCreate])
        #expect(evaluator.evaluate(i).blocked)
    }

    @Test func negativeAndAbsurdAmounts() {
        var i = clean
        i.amount = Money(amount: -1, currency: "USD")
        #expect(rules(i) == [.negativeAmount])
        i.amount = Money(amount: 5_000_000_000, currency: "USD")
        #expect(rules(i) == [.absurdAmount])
        #expect(evaluator.evaluate(i).blocked)
    }

    @Test func probabilityOutsideZeroToHundred() {
        var i = clean
        i.probability = 140
        #expect(rules(i) == [.probabilityOutOfRange])
        i.probability = -5
        #expect(rules(i) == [.probabilityOutOfRange])
        i.probability = 100
        #expect(rules(i).isEmpty)
    }

    @Test func scoreFarFromTheStageNormAloneDoesNotBlock() {
        var i = clean
        i.stage = "closed_lost"
        i.score = 90
        let e = evaluator.evaluate(i)
        #expect(e.violations.map(\.rule) == [.scoreFarFromStage])
        #expect(e.quality == 0.8)
        #expect(!e.blocked)
        i.probability = 101
        #expect(evaluator.evaluate(i).blocked)
    }

    @Test func referencesToMissingRecords() {
        var i = clean
        i.knownRecords = []
        #expect(rules(i) == [.missingReference])
        #expect(evaluator.evaluate(i).blocked)
    }

    @Test func qualityNeverGoesBelowZero() {
        let i = EvaluationInput(amount: Money(amount: -5, currency: "EUR"), createdDate: CalendarDate("2025-02-01"),
                                closeDate: CalendarDate("2025-01-01"), probability: 500, references: [company])
        #expect(evaluator.evaluate(i).quality == 0)
    }

    @Test func aBlockedDealWithholdsEditsForReview() async {
        let scorer = DealScorer(model: nil)
        let features = DealFeatures(Dictionary(uniqueKeysWithValues: DealFeatures.names.map { ($0, 1.0) }))
        let pipeline = HookPipeline(hooks: [
            FeaturesHook(timeout: .seconds(60), lookup: { _ in features }), ScoringHook(scorer: scorer, timeout: .seconds(60)), EvaluationHook(timeout: .seconds(60)),
        ])
        let (work, _) = await pipeline.run(dealChange(fields: ["amount": .money(Money(amount: -10, currency: "USD"))]))
        #expect(work.edits.isEmpty)
        #expect(work.withheldEdits.map(\.field) == ["score", "risk", "next_action"])
        #expect(work.reviews.map(\.reason) == [.lowQuality])
        #expect(work.evaluation?.violations.map(\.rule) == [.negativeAmount])
    }
}
