import DealSyncCore
import DealSyncHooks
import Foundation
import Testing

@Suite struct NotifierTests {
    let strong = DealFeatures(Dictionary(uniqueKeysWithValues: DealFeatures.names.map { ($0, 1.0) }))
    let weak = DealFeatures([
        "deal_velocity": 0.1, "engagement_score": 5, "contact_seniority": 0, "company_size": 3,
        "win_rate_rep": 0.1, "win_rate_industry": 0.1, "sentiment_trend": -0.9,
        "competitor_mentions": 5, "stage_duration_percentile": 99,
    ])

    func run(_ change: HookChange, features: DealFeatures, thresholds: NotifierThresholds = NotifierThresholds()) async -> HookWork {
        let pipeline = HookPipeline(hooks: [
            FeaturesHook(timeout: .seconds(60), lookup: { _ in features }), ScoringHook(scorer: DealScorer(model: nil), timeout: .seconds(60)),
            EvaluationHook(timeout: .seconds(60)), NotifierHook(timeout: .seconds(60), thresholds: { _ in thresholds }),
        ])
        return await pipeline.run(change).work
    }

    func deal(amount: Decimal, close: String = "2026-12-31", previousClose: String? = nil) -> HookChange {
        var fields: [String: FieldValue] = ["name": .string("Globex renewal"), "amount": .money(Money(amount: amount, currency: "USD")),
                                            "stage": .enumeration("negotiation"), "close_date": .date(CalendarDate(close)!)]
        fields["probability"] = .decimal(50)
        var change = dealChange(fields: fields)
        if let previousClose {
            change.changed = ["close_date"]
            change.previous = ["close_date": .date(CalendarDate(previousClose)!)]
        }
        return change
    }

    @Test func aHighValueDealIsAnnouncedWithItsScore() async throws {
        let work = await run(deal(amount: 250_000), features: strong)
        #expect(work.notifications.map(\.reason) == [.highValue])
        let body = try JSONSerialization.jsonObject(with: work.notifications[0].payload) as! [String: Any]
        let text = try #require(body["text"] as? String)
        #expect(text.contains("Globex renewal"))
        #expect(text.contains("250000 USD"))
        #expect(work.notifications[0].dedupKey == "\(work.change.record)|high_value|2025-11-24")
    }

    @Test func aWeakDealRaisesARiskAlertWithTheNextAction() async throws {
        let work = await run(deal(amount: 20_000), features: weak)
        #expect(work.notifications.map(\.reason) == [.risk])
        let text = String(decoding: work.notifications[0].payload, as: UTF8.self)
        #expect(text.contains("Next action: "))
    }

    @Test func aCloseDateMovedLaterIsSlipping() async {
        let work = await run(deal(amount: 20_000, close: "2026-03-01", previousClose: "2026-01-15"), features: strong)
        #expect(work.notifications.map(\.reason) == [.slipping])
        let pulledIn = await run(deal(amount: 20_000, close: "2026-01-15", previousClose: "2026-03-01"), features: strong)
        #expect(pulledIn.notifications.isEmpty)
    }

    @Test func thresholdsArePerOrgAndSmallDealsStayQuiet() async {
        #expect(await run(deal(amount: 5_000), features: weak).notifications.isEmpty)
        let generous = NotifierThresholds(highValueAmount: 1_000, riskScoreBelow: 0, alertMinAmount: 1_000_000)
        #expect(await run(deal(amount: 5_000), features: weak, thresholds: generous).notifications.map(\.reason) == [.highValue])
    }

    @Test func aBlockedChangeNotifiesNobody() async {
        let work = await run(deal(amount: -250_000), features: strong)
        #expect(work.evaluation?.blocked == true)
        #expect(work.notifications.isEmpty)
    }

    @Test func noSecondMessageForTheSameDealReasonAndDay() async {
        let change = deal(amount: 250_000)
        let first = await run(change, features: strong).notifications[0]
        let second = await run(change, features: strong).notifications[0]
        var dedup = SlackDedup()
        let admittedFirst = dedup.admit(first)
        let admittedSecond = dedup.admit(second)
        #expect(admittedFirst)
        #expect(!admittedSecond)
        var nextDay = change
        nextDay.at = change.at.addingTimeInterval(86_400)
        let tomorrow = await run(nextDay, features: strong).notifications[0]
        let admittedTomorrow = dedup.admit(tomorrow)
        #expect(admittedTomorrow)
    }
}
