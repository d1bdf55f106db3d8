/// `score`: scores one deal now (features and scoring, as the hooks would) and returns the
/// breakdown. Writes nothing: the next change to the deal writes its score back.
public struct ScoreCommand: ControlCommand {
    public typealias Result = ScoreReport
    public static let name = "score"
    public static let access = ControlAccess.read
    public var org: OrgID
    /// The deal's DealSync id, or its exact name.
    public var deal: String

    public init(org: OrgID, deal: String) {
        self.org = org
        self.deal = deal
    }
}

/// The scorer's verdict on one deal and why.
public struct ScoreReport: Codable, Sendable, Hashable {
    public struct Contribution: Codable, Sendable, Hashable {
        public var feature: String
        /// The feature's value; nil when unknown (the model's default direction applies).
        public var value: Double?
        /// Log-odds the feature adds to the margin; negative pulls the score down.
        public var contribution: Double

        public init(feature: String, value: Double?, contribution: Double) {
            self.feature = feature
            self.value = value
            self.contribution = contribution
        }
    }

    public struct Risk: Codable, Sendable, Hashable {
        public var feature: String
        public var summary: String
        public var contribution: Double

        public init(feature: String, summary: String, contribution: Double) {
            self.feature = feature
            self.summary = summary
            self.contribution = contribution
        }
    }

    public var org: OrgID
    public var deal: String
    public var name: String?
    /// Win probability, 0…100.
    public var score: Double
    /// 0…1.
    public var confidence: Double
    /// `model` or `rules`.
    public var method: String
    /// Whether a hook run would hold this score for review instead of writing it back.
    public var needsReview: Bool
    public var contributions: [Contribution]
    public var risks: [Risk]
    public var nextActions: [String]

    public init(org: OrgID, deal: String, name: String?, score: Double, confidence: Double, method: String,
                needsReview: Bool, contributions: [Contribution], risks: [Risk], nextActions: [String]) {
        self.org = org
        self.deal = deal
        self.name = name
        self.score = score
        self.confidence = confidence
        self.method = method
        self.needsReview = needsReview
        self.contributions = contributions
        self.risks = risks
        self.nextActions = nextActions
    }
}
