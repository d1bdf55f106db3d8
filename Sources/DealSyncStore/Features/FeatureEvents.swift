import DealSyncCore
import Foundation

/// A deal entering a stage, as the feature store saw it. `from` is nil for the first stage the
/// deal was seen in, which is not a stage change.
public struct StageTransition: Sendable, Hashable {
    public var deal: RecordID
    public var at: Date
    public var from: String?
    public var to: String

    public init(deal: RecordID, at: Date, from: String?, to: String) {
        self.deal = deal
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.from = from
        self.to = to
    }
}

/// What one activity (an email, a call) tells the feature store about its deal. One row per
/// activity: a later change of the same activity replaces it.
public struct ActivitySignal: Sendable, Hashable {
    public var activity: RecordID
    public var deal: RecordID
    public var at: Date
    /// How much the activity counts towards engagement (a call more than an email).
    public var weight: Double
    /// -1…1, nil when no text was scored.
    public var sentiment: Double?
    public var competitorMentions: Int
    /// 0 (individual contributor) … 4 (C-level), from the message itself; nil when unknown.
    public var seniority: Double?
    public var contact: RecordID?

    public init(activity: RecordID, deal: RecordID, at: Date, weight: Double, sentiment: Double? = nil,
                competitorMentions: Int = 0, seniority: Double? = nil, contact: RecordID? = nil) {
        self.activity = activity
        self.deal = deal
        // Stored to the millisecond; rounding here keeps what was recorded equal to what is read back.
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.weight = weight
        self.sentiment = sentiment
        self.competitorMentions = competitorMentions
        self.seniority = seniority
        self.contact = contact
    }
}

/// One deal's row for the win-rate aggregates: its stage, owner and company's industry.
public struct DealOutcomeRow: Sendable, Hashable {
    public var deal: RecordID
    public var stage: String?
    public var owner: String?
    public var industry: String?

    public init(deal: RecordID, stage: String?, owner: String?, industry: String?) {
        self.deal = deal
        self.stage = stage
        self.owner = owner
        self.industry = industry
    }
}
