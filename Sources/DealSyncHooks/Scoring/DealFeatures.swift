/// The model's inputs for one deal, in the model's canonical order. A missing value is nil
/// and follows each tree's default direction, as in xgboost.
public struct DealFeatures: Sendable, Hashable {
    /// Feature names shared by the training script (tools/train_model.py), the model files
    /// and the feature store.
    public static let names = [
        "deal_velocity",             // stage changes per 30 days
        "engagement_score",          // 0…100, emails and meetings weighted by recency
        "contact_seniority",         // 0 individual contributor … 4 C-level
        "company_size",              // log10(employees)
        "win_rate_rep",              // 0…1, the owner's historical win rate
        "win_rate_industry",         // 0…1, historical win rate in the company's industry
        "sentiment_trend",           // -1…1, slope of email sentiment over 30 days
        "competitor_mentions",       // count over 30 days
        "stage_duration_percentile", // 0…100, time in the current stage against history
    ]

    public var values: [String: Double]

    public init(_ values: [String: Double] = [:]) { self.values = values.filter { !$0.value.isNaN } }

    public subscript(name: String) -> Double? { values[name] }

    /// Share of the canonical features that are known, 0…1.
    public var coverage: Double {
        Double(Self.names.filter { values[$0] != nil }.count) / Double(Self.names.count)
    }
}
