import DealSyncHooks
import Foundation
import Testing

/// Prints the in-process scoring latency per deal (features → model → contributions → risks)
/// and guards the budget loosely: DESIGN's 2 s per deal end to end, our aim under 1 ms.
@Suite struct ScoringLatencyTests {
    @Test func scoringADealStaysFarUnderTheBudget() throws {
        let model = try XGBoostModel(contentsOf: Fixtures.defaultModel)
        let scorer = DealScorer(model: model)
        let rows = try FeatureCSV(text: Fixtures.text("parity-inputs.csv")).rows(for: model)
        let deals = rows.map { row in
            DealFeatures(Dictionary(uniqueKeysWithValues: zip(model.featureNames, row).filter { !$0.1.isNaN }.map { ($0.0, Double($0.1)) }))
        }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<5 {
            for deal in deals {
                let start = clock.now
                _ = scorer.score(deal)
                samples.append(start.duration(to: clock.now))
            }
        }
        samples.sort()
        let median = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
        let start = clock.now
        var sink: Float = 0
        for _ in 0..<20 { for row in rows { sink += model.predict(row) } }
        let elapsed = start.duration(to: clock.now)
        let rowsPerSecond = Double(rows.count * 20) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        print("scoring latency per deal: median \(median), p99 \(p99); model predict \(Int(rowsPerSecond)) rows/s (sink \(sink > 0))")
        #expect(p99 < .milliseconds(50))
    }
}
