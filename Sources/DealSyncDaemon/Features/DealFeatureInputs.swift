import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation

/// Everything one deal's features are computed from, read in one snapshot of the store.
struct DealFeatureInputs: Sendable {
    var createdAt: Date
    var stage: String?
    var owner: String?
    var employees: Double?
    var industry: String?
    var counters: DealFeatureCounters
    /// Activities of the last 30 days, oldest first.
    var recent: [ActivitySignal]
    /// The highest seniority among the deal's contacts' titles and its messages' signatures.
    var seniority: Double?
    /// The company and contacts read, so a change to one of them drops the cached features.
    var dependsOn: Set<RecordID>

    static let window: TimeInterval = 30 * 86_400

    /// The seed's features (DealFeatures.names), as of `now`.
    func features(at now: Date, aggregates: FeatureAggregates) -> DealFeatures {
        var values: [String: Double] = [:]
        let age = max(now.timeIntervalSince(createdAt), Self.window)
        values["deal_velocity"] = Double(counters.stageChanges) * Self.window / age
        // Five recent emails' worth of engagement reads as about 63 of 100.
        values["engagement_score"] = 100 * (1 - exp(-counters.engagement(at: now) / 5))
        values["contact_seniority"] = seniority
        if let employees, employees >= 1 { values["company_size"] = log10(employees) }
        values["win_rate_rep"] = owner.flatMap { aggregates.byRep[$0]?.rate }
        values["win_rate_industry"] = industry.flatMap { aggregates.byIndustry[$0]?.rate }
        values["sentiment_trend"] = Self.trend(recent.compactMap { s in s.sentiment.map { (s.at, $0) } }, now: now)
        values["competitor_mentions"] = Double(recent.reduce(0) { $0 + $1.competitorMentions })
        if let stage, counters.stage == stage, let entered = counters.stageEnteredAt,
           let history = aggregates.stageDurations[stage], !history.isEmpty {
            values["stage_duration_percentile"] = 100 * Self.share(of: history, atMost: now.timeIntervalSince(entered))
        }
        return DealFeatures(values.compactMapValues { $0 })
    }

    /// Least-squares slope of sentiment per 30 days, clamped to -1…1; nil below two distinct days.
    static func trend(_ samples: [(at: Date, value: Double)], now: Date) -> Double? {
        let xs = samples.map { $0.at.timeIntervalSince(now) / window }
        let n = Double(samples.count)
        guard samples.count >= 2 else { return nil }
        let meanX = xs.reduce(0, +) / n
        let meanY = samples.reduce(0) { $0 + $1.value } / n
        let sxx = xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        guard sxx > 1e-12 else { return nil }
        let sxy = zip(xs, samples).reduce(0) { $0 + ($1.0 - meanX) * ($1.1.value - meanY) }
        return min(1, max(-1, sxy / sxx))
    }

    /// The share of `sorted` that is ≤ `value` (the empirical CDF).
    static func share(of sorted: [Double], atMost value: Double) -> Double {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return Double(low) / Double(sorted.count)
    }
}

extension Seniority {
    /// The feature's scale: 0 individual contributor … 4 C-level. Directors and VPs share one
    /// class here, so they take 3 and 2 (a senior manager) goes unused.
    var featureValue: Double? {
        switch self {
        case .ic: 0
        case .manager: 1
        case .vpPlus: 3
        case .cLevel: 4
        case .unknown: nil
        }
    }
}
