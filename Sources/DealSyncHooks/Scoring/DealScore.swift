/// The scorer's verdict on one deal, written back to each CRM's score/risk/next-action fields.
public struct DealScore: Sendable, Hashable {
    public enum Method: String, Sendable, Codable { case model, rules }

    /// Win probability as 0…100.
    public var score: Double
    /// 0…1; below `DealScore.reviewThreshold` the write-back waits for review.
    public var confidence: Double
    public var method: Method
    /// Margin contribution per feature name (log-odds; negative pulls the score down).
    public var contributions: [String: Double]
    /// The most harmful features first.
    public var risks: [RiskFactor]
    /// One action per risk, same order.
    public var nextActions: [String]

    public static let reviewThreshold = 0.6

    public var needsReview: Bool { confidence < Self.reviewThreshold }
}

/// A feature that pulls the score down, and what to do about it.
public struct RiskFactor: Sendable, Hashable {
    public var feature: String
    public var contribution: Double
    public var summary: String
    public var action: String

    /// Contributions above this (in log-odds) are noise, not a risk worth telling a rep about.
    static let floor = -0.05

    static let catalogue: [String: (summary: String, action: String)] = [
        "deal_velocity": ("deal is moving slowly", "agree a dated next step with the buyer"),
        "engagement_score": ("little recent engagement", "schedule a call with the main contact this week"),
        "contact_seniority": ("no senior contact involved", "ask for an introduction to an executive sponsor"),
        "company_size": ("account size is a poor fit", "confirm budget and buying process for the account's size"),
        "win_rate_rep": ("owner's win rate is low", "bring a senior rep to the next meeting"),
        "win_rate_industry": ("industry rarely converts", "share a reference customer from the same industry"),
        "sentiment_trend": ("email sentiment is falling", "address the concerns raised in recent emails"),
        "competitor_mentions": ("competitors are mentioned", "prepare a competitive comparison and ask about alternatives"),
        "stage_duration_percentile": ("stuck in stage longer than usual", "confirm the timeline or requalify the deal"),
    ]

    /// The top `limit` harmful contributions, worst first.
    static func from(_ contributions: [String: Double], limit: Int = 3) -> [RiskFactor] {
        contributions
            .filter { $0.value < floor && catalogue[$0.key] != nil }
            .sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            .prefix(limit)
            .map { RiskFactor(feature: $0.key, contribution: $0.value, summary: catalogue[$0.key]!.summary, action: catalogue[$0.key]!.action) }
    }
}

extension DealScore {
    /// Confidence from how much the scorer knew and how decisive it was: full coverage alone
    /// reaches 0.7; a coin-flip on half the features stays under the review threshold.
    static func confidence(coverage: Double, probability: Double, trust: Double) -> Double {
        trust * (0.7 * coverage + 0.3 * abs(2 * probability - 1))
    }

    init(probability: Double, coverage: Double, method: Method, contributions: [String: Double]) {
        let risks = RiskFactor.from(contributions)
        self.init(score: (probability * 1000).rounded() / 10,
                  confidence: Self.confidence(coverage: coverage, probability: probability, trust: method == .model ? 1 : 0.85),
                  method: method, contributions: contributions, risks: risks, nextActions: risks.map(\.action))
    }
}
