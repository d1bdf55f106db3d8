import DealSyncCore
import DealSyncStore
import Foundation

extension FeatureAggregates {
    static let won = "closed_won"
    static let lost = "closed_lost"

    /// Win rates from every live deal's current stage, and stage durations from consecutive
    /// transitions of each deal (the stay in stage A lasted from entering A to entering the
    /// next stage). Closed stages have no duration: a deal never leaves them for a reason.
    static func compute(outcomes: [DealOutcomeRow], transitions: [StageTransition], at date: Date) -> FeatureAggregates {
        var aggregates = FeatureAggregates(computedAt: date, basis: transitions.count)
        for row in outcomes where row.stage == won || row.stage == lost {
            let isWon = row.stage == won
            if let owner = row.owner { aggregates.byRep[owner, default: WinRate(won: 0, lost: 0)].count(won: isWon) }
            if let industry = row.industry { aggregates.byIndustry[industry, default: WinRate(won: 0, lost: 0)].count(won: isWon) }
        }
        var byDeal: [RecordID: [StageTransition]] = [:]
        for transition in transitions { byDeal[transition.deal, default: []].append(transition) }
        for history in byDeal.values {
            let ordered = history.sorted { ($0.at, $0.to) < ($1.at, $1.to) }
            for (stay, next) in zip(ordered, ordered.dropFirst()) where !isClosed(stay.to) {
                aggregates.stageDurations[stay.to, default: []].append(next.at.timeIntervalSince(stay.at))
            }
        }
        for stage in aggregates.stageDurations.keys { aggregates.stageDurations[stage]?.sort() }
        return aggregates
    }

    /// Whether so many transitions were recorded since that the aggregates no longer describe
    /// the org's history (the first backfill, a bulk import): a tenth more, and at least ten.
    func outgrown(by count: Int) -> Bool { count > basis + max(10, basis / 10) }

    static func isClosed(_ stage: String) -> Bool { stage == won || stage == lost }
}

extension FeatureAggregates.WinRate {
    mutating func count(won isWon: Bool) {
        if isWon { won += 1 } else { lost += 1 }
    }
}
