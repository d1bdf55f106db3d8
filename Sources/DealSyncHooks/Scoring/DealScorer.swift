import Foundation

/// Scores a deal with the loaded model, or with fixed rules when no model loaded.
public struct DealScorer: Sendable {
    public let model: XGBoostModel?

    public init(model: XGBoostModel?) { self.model = model }

    /// Loads the model file, or falls back to rules when it is missing or invalid; the error
    /// is returned so the daemon can log it and raise a health condition.
    public static func loading(modelAt url: URL?) -> (scorer: DealScorer, error: (any Error)?) {
        guard let url else { return (DealScorer(model: nil), nil) }
        do { return (DealScorer(model: try XGBoostModel(contentsOf: url)), nil) } catch { return (DealScorer(model: nil), error) }
    }

    public func score(_ features: DealFeatures) -> DealScore {
        guard let model else { return RuleBasedScorer.score(features) }
        let row = model.row(features)
        let contribs = model.contributions(row)
        var byName: [String: Double] = [:]
        for (i, name) in model.featureNames.enumerated() where contribs[i] != 0 { byName[name] = Double(contribs[i]) }
        let known = Double(model.featureNames.filter { features[$0] != nil }.count) / Double(max(1, model.featureNames.count))
        return DealScore(probability: Double(model.predict(row)), coverage: known, method: .model, contributions: byName)
    }
}

/// A logistic score with hand-set weights: what a sales manager would say, used when no
/// model loads. Each feature contributes `weight × (value − typical)`; a missing one nothing.
public enum RuleBasedScorer {
    static let weights: [String: (weight: Double, typical: Double)] = [
        "deal_velocity": (0.6, 1.6),
        "engagement_score": (0.03, 50),
        "contact_seniority": (0.35, 2),
        "company_size": (0.2, 2.7),
        "win_rate_rep": (3.0, 0.4),
        "win_rate_industry": (2.0, 0.3),
        "sentiment_trend": (1.2, 0),
        "competitor_mentions": (-0.5, 0.8),
        "stage_duration_percentile": (-0.025, 50),
    ]

    public static func score(_ features: DealFeatures) -> DealScore {
        var contributions: [String: Double] = [:]
        for (name, w) in weights {
            if let v = features[name] { contributions[name] = w.weight * (v - w.typical) }
        }
        let margin = contributions.values.reduce(-0.3, +)
        return DealScore(probability: 1 / (1 + exp(-margin)), coverage: features.coverage, method: .rules, contributions: contributions)
    }
}
