import Foundation

/// An org's history-wide figures, recomputed daily: win rates by owner and by industry, and how
/// long deals stayed in each open stage.
public struct FeatureAggregates: Sendable, Equatable, Codable {
    public struct WinRate: Sendable, Equatable, Codable {
        public var won: Int
        public var lost: Int

        public init(won: Int, lost: Int) {
            self.won = won
            self.lost = lost
        }

        /// won / closed, nil before anything closed.
        public var rate: Double? { won + lost > 0 ? Double(won) / Double(won + lost) : nil }
    }

    public var computedAt: Date
    /// How many stage transitions were recorded when these were computed: a backfill or a busy
    /// day that adds many more makes a recompute due before the day is out.
    public var basis: Int
    /// By owner email (the canonical `owner` field).
    public var byRep: [String: WinRate]
    /// By the industry of the deal's company.
    public var byIndustry: [String: WinRate]
    /// Seconds each completed stay in a stage lasted, ascending, by stage.
    public var stageDurations: [String: [Double]]

    public init(computedAt: Date, basis: Int = 0, byRep: [String: WinRate] = [:], byIndustry: [String: WinRate] = [:],
                stageDurations: [String: [Double]] = [:]) {
        self.computedAt = computedAt
        self.basis = basis
        self.byRep = byRep
        self.byIndustry = byIndustry
        self.stageDurations = stageDurations
    }
}
