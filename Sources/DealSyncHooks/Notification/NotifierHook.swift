import DealSyncCore
import Foundation

/// When an org wants to hear about a deal. Defaults suit a mid-market team.
public struct NotifierThresholds: Sendable, Hashable {
    /// Deals at or above this amount (any currency) are announced when scored.
    public var highValueAmount: Decimal
    /// A scored deal below this score, with at least one risk, is a risk alert.
    public var riskScoreBelow: Double
    /// Risk and slipping alerts only for deals at or above this amount.
    public var alertMinAmount: Decimal

    public init(highValueAmount: Decimal = 100_000, riskScoreBelow: Double = 40, alertMinAmount: Decimal = 10_000) {
        self.highValueAmount = highValueAmount; self.riskScoreBelow = riskScoreBelow; self.alertMinAmount = alertMinAmount
    }
}

/// Proposes Slack messages for a scored deal: high value, risk detected, close date slipping.
/// Nothing is sent for a change the evaluator blocked. The daemon enqueues each message under
/// its `dedupKey` (see `SlackDedup`), so a repeated change within the day sends nothing new.
public struct NotifierHook: Hook {
    public let name = "notifier"
    public let stage = HookStage.notification
    public let timeout: Duration
    let thresholds: @Sendable (OrgID) -> NotifierThresholds

    public init(timeout: Duration = .seconds(1), thresholds: @escaping @Sendable (OrgID) -> NotifierThresholds = { _ in NotifierThresholds() }) {
        self.timeout = timeout
        self.thresholds = thresholds
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        // The evaluator files a low-quality review exactly when it blocked the change.
        guard work.change.kind == .deal, let score = work.score,
              !work.reviews.contains(where: { $0.reason == .lowQuality }) else { return work }
        var work = work
        let t = thresholds(work.change.org)
        let f = work.change.fields
        let amount: Money? = if case .money(let m)? = f["amount"] { m } else { nil }
        let value = amount?.amount ?? 0
        var reasons: [SlackNotification.Reason] = []
        if value >= t.highValueAmount { reasons.append(.highValue) }
        if value >= t.alertMinAmount, score.score < t.riskScoreBelow, !score.risks.isEmpty { reasons.append(.risk) }
        if value >= t.alertMinAmount, Self.slipped(work.change) { reasons.append(.slipping) }
        work.notifications += reasons.map { SlackMessage.make(reason: $0, change: work.change, amount: amount, score: score) }
        return work
    }

    /// The close date moved later, or lies in the past on a deal still open.
    static func slipped(_ change: HookChange) -> Bool {
        guard case .date(let close)? = change.fields["close_date"] else { return false }
        if change.changed.contains("close_date"), case .date(let before)? = change.previous["close_date"], before < close { return true }
        if case .enumeration(let stage)? = change.fields["stage"], stage.hasPrefix("closed") { return false }
        return close < SlackMessage.day(change.at)
    }
}
