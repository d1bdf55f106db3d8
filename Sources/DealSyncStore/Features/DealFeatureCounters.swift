import Foundation

/// The per-deal counters the feature store keeps up to date as transitions and activities
/// arrive, so a lookup reads one row instead of the deal's history. `rebuilt(…)` computes the
/// same from the recorded events; the daily refresh rewrites every row from it, so rounding
/// from replaced activities never accumulates for more than a day.
public struct DealFeatureCounters: Sendable, Equatable {
    /// Transitions that moved the deal from one stage to another (not its first stage).
    public var stageChanges = 0
    /// The stage of the latest transition, and when the deal entered it.
    public var stage: String?
    public var stageEnteredAt: Date?
    /// Σ weight · e^(−(asOf − at)/τ) over the deal's activities: recency-weighted engagement as
    /// of `engagementAsOf`, which `engagement(at:)` decays to any later instant.
    public var engagement = 0.0
    public var engagementAsOf: Date?

    /// τ of the engagement decay: an activity counts half after about ten days.
    public static let engagementDecay: TimeInterval = 14 * 86_400

    public init() {}

    public init(stageChanges: Int, stage: String?, stageEnteredAt: Date?, engagement: Double, engagementAsOf: Date?) {
        self.stageChanges = stageChanges
        self.stage = stage
        self.stageEnteredAt = stageEnteredAt
        self.engagement = engagement
        self.engagementAsOf = engagementAsOf
    }

    /// Engagement decayed to `date`; activities dated after `date` count in full.
    public func engagement(at date: Date) -> Double {
        guard let asOf = engagementAsOf else { return 0 }
        let age = max(0, date.timeIntervalSince(asOf))
        return max(0, engagement * exp(-age / Self.engagementDecay))
    }

    /// Counts a transition recorded for the first time. Arrival order does not matter: the
    /// latest transition by time (then by stage name, for ties) names the current stage.
    public mutating func add(_ transition: StageTransition) {
        if transition.from != nil { stageChanges += 1 }
        if let entered = stageEnteredAt, (entered, stage ?? "") >= (transition.at, transition.to) { return }
        stage = transition.to
        stageEnteredAt = transition.at
    }

    public mutating func add(_ signal: ActivitySignal) {
        guard let asOf = engagementAsOf else {
            engagement = signal.weight
            engagementAsOf = signal.at
            return
        }
        if signal.at >= asOf {
            engagement = engagement * exp(-signal.at.timeIntervalSince(asOf) / Self.engagementDecay) + signal.weight
            engagementAsOf = signal.at
        } else {
            engagement += signal.weight * exp(-asOf.timeIntervalSince(signal.at) / Self.engagementDecay)
        }
    }

    /// Takes back an activity that was replaced or moved to another deal.
    public mutating func remove(_ signal: ActivitySignal) {
        guard let asOf = engagementAsOf else { return }
        engagement = max(0, engagement - signal.weight * exp(-asOf.timeIntervalSince(signal.at) / Self.engagementDecay))
    }

    /// The counters computed from scratch from every recorded event of one deal.
    public static func rebuilt(transitions: [StageTransition], activities: [ActivitySignal]) -> DealFeatureCounters {
        var counters = DealFeatureCounters()
        counters.stageChanges = transitions.filter { $0.from != nil }.count
        if let latest = transitions.max(by: { ($0.at, $0.to) < ($1.at, $1.to) }) {
            counters.stage = latest.to
            counters.stageEnteredAt = latest.at
        }
        if let asOf = activities.map(\.at).max() {
            counters.engagementAsOf = asOf
            counters.engagement = activities.reduce(0) { $0 + $1.weight * exp(-asOf.timeIntervalSince($1.at) / engagementDecay) }
        }
        return counters
    }
}
