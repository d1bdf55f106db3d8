import DealSyncCore
import DealSyncDaemon
import DealSyncHooks
import DealSyncStore
import Foundation

/// Scoring latency per deal including the feature lookup: a store of `deals` synthetic deals
/// (companies, contacts, owners, stage histories, activities), the daemon's `FeatureStore` over
/// it and the shipped model. Three paths are timed per deal: a stage change (recorded, features
/// recomputed, scored), a cold lookup (cache miss) and a cached one (hit), each plus scoring.
struct ScoringScenario: Sendable {
    var deals = 2000

    struct Path: Sendable {
        var name: String
        var samples: [Double]
    }

    func run(in directory: URL) async throws -> String {
        let store = try Store.open(path: directory.appendingPathComponent("scoring.sqlite").path)
        defer { try? store.close() }
        let org = OrgID("bench")
        let ids = try await seed(store.org(org))
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../models/default-deal-model.json").standardizedFileURL
        let (scorer, error) = DealScorer.loading(modelAt: model)
        if let error { throw error }
        let features = FeatureStore(store: store)
        let clock = ContinuousClock()
        let aggregateTime = try await clock.measure { try await features.refreshAggregates(org: org) }

        var checksum = 0.0
        func timed(_ name: String, _ lookup: (RecordID) async throws -> DealFeatures) async throws -> Path {
            var samples: [Double] = []
            for deal in ids {
                let start = clock.now
                let score = scorer.score(try await lookup(deal))
                samples.append((clock.now - start).seconds)
                checksum += score.score
            }
            return Path(name: name, samples: samples.sorted())
        }
        let changed = try await timed("stage change: record + features (miss) + score") { deal in
            try await features.features(for: HookChange(
                org: org, record: deal, kind: .deal, fields: ["stage": .enumeration("negotiation")], changed: ["stage"],
                previous: ["stage": .enumeration("proposal")], at: Date()))
        }
        _ = try await features.refreshAggregates(org: org)   // new aggregates: every cached entry is cold again
        let cold = try await timed("lookup (miss) + score") { try await features.features(org: org, deal: $0) }
        let warm = try await timed("lookup (hit) + score") { try await features.features(org: org, deal: $0) }
        let hitRate = await features.cacheHitRate ?? 0

        var lines = ["scoring per deal, \(deals) deals, model \(model.lastPathComponent) (checksum \(Int(checksum)))",
                     "path                                              median µs    p99 µs   mean µs"]
        for path in [changed, cold, warm] {
            let mean = path.samples.reduce(0, +) / Double(path.samples.count)
            lines.append(path.name.padding(toLength: 48, withPad: " ", startingAt: 0)
                + [path.samples[path.samples.count / 2], path.samples[path.samples.count * 99 / 100], mean]
                .map { String(format: "%10.1f", $0 * 1e6) }.joined())
        }
        lines.append(String(format: "aggregates recomputed (win rates, stage durations, counters rebuilt) in %.1f ms; cache hit rate %.2f",
                            aggregateTime.seconds * 1000, hitRate))
        return lines.joined(separator: "\n")
    }

    /// A deterministic synthetic org: 100 companies, 400 contacts, 20 owners; each deal has 1–4
    /// stage transitions over the last 120 days and 0–8 activities; a third are closed.
    func seed(_ org: OrgStore) async throws -> [RecordID] {
        let now = Date()
        let industries = ["Software", "Retail", "Logistics", "Finance", "Health", "Energy", "Media", "Education"]
        let titles = ["Engineer", "Account Manager", "Director of IT", "VP Operations", "Chief Financial Officer", "Analyst"]
        let stages = ["prospecting", "qualification", "proposal", "negotiation"]
        let companies = (0..<100).map { _ in RecordID.make() }
        let contacts = (0..<400).map { _ in RecordID.make() }
        let deals = (0..<self.deals).map { _ in RecordID.make() }
        try await org.write { tx in
            for (i, company) in companies.enumerated() {
                try tx.insertRecord(company, kind: .company)
                try tx.setField("employees", of: company, value: .decimal(Decimal(10 + (i * 7919) % 20_000)), vector: VersionVector())
                try tx.setField("industry", of: company, value: .string(industries[i % industries.count]), vector: VersionVector())
            }
            for (i, contact) in contacts.enumerated() {
                try tx.insertRecord(contact, kind: .contact)
                try tx.setField("title", of: contact, value: .string(titles[i % titles.count]), vector: VersionVector())
            }
            for (i, deal) in deals.enumerated() {
                try tx.insertRecord(deal, kind: .deal)
                let steps = 1 + i % 4
                var at = now.addingTimeInterval(-Double(120 - i % 30) * 86_400)
                var from: String?
                for step in 0..<steps {
                    let to = i % 3 == 0 && step == steps - 1 ? (i % 2 == 0 ? "closed_won" : "closed_lost") : stages[step]
                    try tx.recordStageTransition(StageTransition(deal: deal, at: at, from: from, to: to))
                    from = to
                    at = at.addingTimeInterval(Double(1 + i % 17) * 86_400)
                }
                try tx.setField("stage", of: deal, value: .enumeration(from!), vector: VersionVector())
                try tx.setField("owner", of: deal, value: .string("rep\(i % 20)@bench.example"), vector: VersionVector())
                try tx.setField("company", of: deal, value: .reference(companies[i % companies.count]), vector: VersionVector())
                for a in 0..<(i % 9) {
                    let activity = RecordID.make()
                    try tx.recordActivitySignal(activity: activity, ActivitySignal(
                        activity: activity, deal: deal, at: now.addingTimeInterval(-Double(a * 5 + i % 5) * 86_400),
                        weight: a % 3 == 0 ? 2 : 1, sentiment: sin(Double(i * 7 + a)),
                        competitorMentions: a % 4 == 0 ? 1 : 0, contact: contacts[(i + a) % contacts.count]))
                }
            }
        }
        return deals
    }
}
