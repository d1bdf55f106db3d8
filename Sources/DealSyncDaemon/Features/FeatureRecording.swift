import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation

/// What one committed change means to the feature store. Pure: the store applies it.
enum FeatureRecording: Sendable, Equatable {
    /// A deal's stage moved (or was first seen).
    case transition(StageTransition)
    /// An activity's signal for its deal, or nil when it names no deal any more.
    case activity(RecordID, ActivitySignal?)
    /// A change that alters no recorded event but what features read: a deal's owner or company,
    /// a contact's title, a company's size or industry. Cached features that read it are dropped.
    case touched(RecordID)

    /// Fields whose change alters the features of the record's deals.
    static let watched: [RecordKind: Set<String>] = [
        .deal: ["owner", "company"], .contact: ["title"], .company: ["employees", "industry"],
    ]

    /// Engagement weight per activity channel: a call is worth two emails, a task half of one.
    static let channelWeights: [String: Double] = ["email": 1, "call": 2, "task": 0.5]

    static func of(_ change: HookChange, enrichments: [EmailEnrichment]) -> [FeatureRecording] {
        switch change.kind {
        case .deal:
            var result: [FeatureRecording] = []
            if change.changed.contains("stage"), let to = change.fields["stage"]?.featureLabel {
                let from = change.previous["stage"]?.featureLabel
                if from != to { result.append(.transition(StageTransition(deal: change.record, at: change.at, from: from, to: to))) }
            }
            if !change.changed.isDisjoint(with: watched[.deal] ?? []) { result.append(.touched(change.record)) }
            return result
        case .activity:
            guard case .reference(let deal)? = change.fields["deal"] else { return [.activity(change.record, nil)] }
            return [.activity(change.record, signal(change, deal: deal, enrichments: enrichments))]
        case .contact, .company:
            return change.changed.isDisjoint(with: watched[change.kind] ?? []) ? [] : [.touched(change.record)]
        }
    }

    static func signal(_ change: HookChange, deal: RecordID, enrichments: [EmailEnrichment]) -> ActivitySignal {
        let at: Date
        switch change.fields["date"] {
        case .date(let day)?: at = day.midnightUTC ?? change.at
        case .datetime(let instant)?: at = instant
        default: at = change.at
        }
        // A sentiment the analyser could not compute was filled in as neutral: not a sample.
        let scored = enrichments.filter { !$0.fallbacks.contains("sentiment_neutral") }.map(\.sentiment)
        var contact: RecordID?
        if case .reference(let id)? = change.fields["contact"] { contact = id }
        return ActivitySignal(
            activity: change.record, deal: deal, at: at,
            weight: change.fields["channel"]?.featureLabel.flatMap { channelWeights[$0] } ?? 1,
            sentiment: scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count),
            competitorMentions: enrichments.reduce(0) { $0 + $1.competitorMentions.count },
            seniority: enrichments.compactMap(\.topSeniority.featureValue).max(),
            contact: contact)
    }
}

extension CalendarDate {
    var midnightUTC: Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }
}
