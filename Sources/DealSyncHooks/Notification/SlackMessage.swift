import DealSyncCore
import Foundation

/// Builds incoming-webhook bodies. Messages name the deal, amount, score, top risk and next
/// action: business data the team already sees in its CRM, never text from emails.
enum SlackMessage {
    static func day(_ date: Date) -> CalendarDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)
    }

    static func make(reason: SlackNotification.Reason, change: HookChange, amount: Money?, score: DealScore) -> SlackNotification {
        let name: String = if case .string(let s)? = change.fields["name"] { s } else { "Deal \(change.record)" }
        let money = amount.map { "\(NSDecimalNumber(decimal: $0.amount).stringValue) \($0.currency)" } ?? "no amount"
        let headline = switch reason {
        case .highValue: ":moneybag: High-value deal scored: *\(name)* (\(money)) scores \(format(score.score))"
        case .risk: ":warning: Risk on *\(name)* (\(money)): \(score.risks.first?.summary ?? "low score"), score \(format(score.score))"
        case .slipping: ":hourglass: *\(name)* (\(money)) is slipping: close date \(closeDate(change))"
        }
        let next = score.nextActions.first.map { "\nNext action: \($0)" } ?? ""
        let text = headline + next
        let body: [String: Any] = [
            "text": text,
            "blocks": [["type": "section", "text": ["type": "mrkdwn", "text": text]]],
        ]
        // A dictionary of strings always serialises.
        let payload = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return SlackNotification(org: change.org, record: change.record, reason: reason,
                                 dedupKey: "\(change.record)|\(reason.rawValue)|\(day(change.at))", payload: payload)
    }

    private static func format(_ score: Double) -> String { String(format: "%.0f/100", score) }

    private static func closeDate(_ change: HookChange) -> String {
        if case .date(let d)? = change.fields["close_date"] { d.description } else { "unknown" }
    }
}

/// Remembers which dedup keys were sent, per day: a second identical message the same day is
/// dropped. A value the daemon keeps beside its Slack queue; old days are forgotten.
public struct SlackDedup: Sendable {
    private var sent: [String: Set<String>] = [:]

    public init() {}

    /// True the first time a key is seen today; false for a repeat.
    public mutating func admit(_ n: SlackNotification) -> Bool {
        let day = String(n.dedupKey.split(separator: "|").last ?? "")
        sent = sent.filter { $0.key >= day }
        return sent[day, default: []].insert(n.dedupKey).inserted
    }
}
