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
    /// By owner email (the canonical `owner` field).
    public var byRep: [String: WinRate]
    /// By the industry of the deal's company.
    public var byIndustry: [String: WinRate]
    /// Seconds each completed stay in a stage lasted, ascending, by stage.
    public var stageDurations: [String: [Double]]

    public init(computedAt: Date, byRep: [String: WinRate] = [:], byIndustry: [String: WinRate] = [:],
                stageDurations: [String: [Double]] = [:]) {
        self.computedAt = computedAt
        self.byRep = byRep
        self.byIndustry = byIndustry
        self.stageDurations = stageDurations
    }
}
