// Scoring benchmark, compiled with -O by tools/bench_scoring.sh together with the
// DealSyncCore and DealSyncHooks sources (one module, so no package build is needed).
// Usage: bench MODEL.json ROWS.csv → rows/s of model evaluation, and per-deal scoring latency
// (features → model → contributions → risks) median and p99.
import Foundation

let args = CommandLine.arguments
let model = try XGBoostModel(contentsOf: URL(fileURLWithPath: args[1]))
let rows = try FeatureCSV(text: String(contentsOfFile: args[2], encoding: .utf8)).rows(for: model)
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

var sink: Float = 0
var best = Double.infinity
for _ in 0..<3 {
    let start = clock.now
    for row in rows { sink += model.predict(row) }
    best = min(best, seconds(start.duration(to: clock.now)))
}
print(String(format: "swift predict (1 thread, -O): %.0f rows/s", Double(rows.count) / best))

let scorer = DealScorer(model: model)
let deals = rows.prefix(20_000).map { row in
    DealFeatures(Dictionary(uniqueKeysWithValues: zip(model.featureNames, row).filter { !$0.1.isNaN }.map { ($0.0, Double($0.1)) }))
}
var samples: [Double] = []
for deal in deals {
    let start = clock.now
    let s = scorer.score(deal)
    samples.append(seconds(start.duration(to: clock.now)))
    sink += Float(s.score)
}
samples.sort()
print(String(format: "swift score per deal (model + contributions + risks): median %.1f µs, p99 %.1f µs (checksum %.0f)",
             samples[samples.count / 2] * 1e6, samples[samples.count * 99 / 100] * 1e6, sink))
