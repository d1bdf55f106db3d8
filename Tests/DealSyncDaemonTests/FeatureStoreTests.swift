import DealSyncCore
import DealSyncDaemon
import DealSyncHooks
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Logging
import Testing

@Suite struct FeatureStoreTests {
    static let org = OrgID("acme")
    static let day: TimeInterval = 86_400

    /// A temp store with a manual clock at 2026-01-01T00:00Z, and helpers to write canonical records.
    final class World: Sendable {
        let clock = ManualClock()
        let temp: TemporaryStore
        var org: OrgStore { temp.store.org(FeatureStoreTests.org) }
        var t0: Date { Date(timeIntervalSince1970: 1_767_225_600) }

        init() throws { temp = try TemporaryStore(clock: clock) }
        deinit { temp.remove() }

        @discardableResult
        func record(_ kind: RecordKind, _ fields: [String: FieldValue], id: RecordID = .make()) throws -> RecordID {
            try org.write { tx in
                try tx.insertRecord(id, kind: kind)
                for (name, value) in fields { try tx.setField(name, of: id, value: value, vector: VersionVector()) }
            }
            return id
        }

        func features(_ settings: FeatureStore.Settings = .init()) -> FeatureStore {
            FeatureStore(store: temp.store, clock: clock, settings: settings,
                         enricher: EmailEnricher(config: EnrichmentConfig(competitors: ["Globex"])))
        }

        func at(_ days: Double) -> Date { t0.addingTimeInterval(days * FeatureStoreTests.day) }
    }

    /// Cache hits and misses so far.
    static func counts(_ store: FeatureStore) async -> [Int] { [await store.cacheHits, await store.cacheMisses] }

    static func dealChange(_ deal: RecordID, stage: String, from: String?, at: Date) -> HookChange {
        HookChange(org: org, record: deal, kind: .deal, fields: ["stage": .enumeration(stage)], changed: ["stage"],
                   previous: from.map { ["stage": .enumeration($0)] } ?? [:], at: at)
    }

    static func activityChange(_ id: RecordID, deal: RecordID?, channel: String = "email", contact: RecordID? = nil,
                               texts: [String] = [], date: CalendarDate? = nil, at: Date) -> HookChange {
        var fields: [String: FieldValue] = ["channel": .enumeration(channel)]
        if let deal { fields["deal"] = .reference(deal) }
        if let contact { fields["contact"] = .reference(contact) }
        if let date { fields["date"] = .date(date) }
        return HookChange(org: org, record: id, kind: .activity, fields: fields, changed: Set(fields.keys), texts: texts, at: at)
    }

    @Test("features of a deal computed from known records, history and activities have exact values")
    func exactValues() async throws {
        let w = try World()
        // Given: a company, a VP contact, closed deals for the win rates, two deals whose
        // stage history gives the proposal stage two stays (4 and 10 days)...
        let software = try w.record(.company, ["employees": .decimal(1000), "industry": .string("Software")])
        let retail = try w.record(.company, ["employees": .decimal(50), "industry": .string("Retail")])
        let vp = try w.record(.contact, ["title": .string("VP Sales"), "email": .string("vp@globex.example")])
        let closed: [(String, String, RecordID)] = [
            ("alice@acme.example", "closed_won", software), ("alice@acme.example", "closed_won", retail),
            ("alice@acme.example", "closed_lost", software), ("bob@acme.example", "closed_lost", software),
            ("bob@acme.example", "closed_won", software),
        ]
        for (owner, stage, company) in closed {
            try w.record(.deal, ["owner": .string(owner), "stage": .enumeration(stage), "company": .reference(company)])
        }
        let h1 = try w.record(.deal, ["stage": .enumeration("negotiation")])
        let h2 = try w.record(.deal, ["stage": .enumeration("negotiation")])
        try await w.org.write { [t0 = w.t0, day = Self.day] tx in
            try tx.recordStageTransition(StageTransition(deal: h1, at: t0, from: nil, to: "prospecting"))
            try tx.recordStageTransition(StageTransition(deal: h1, at: t0 + 2 * day, from: "prospecting", to: "proposal"))
            try tx.recordStageTransition(StageTransition(deal: h1, at: t0 + 12 * day, from: "proposal", to: "negotiation"))
            try tx.recordStageTransition(StageTransition(deal: h2, at: t0 + 1 * day, from: nil, to: "proposal"))
            try tx.recordStageTransition(StageTransition(deal: h2, at: t0 + 5 * day, from: "proposal", to: "negotiation"))
        }
        // ...and the deal itself, created at t0, moved to proposal on day 3, with three emails/calls.
        let deal = try w.record(.deal, ["owner": .string("alice@acme.example"), "stage": .enumeration("proposal"),
                                        "company": .reference(software)])
        let store = w.features()
        _ = try await store.features(for: Self.dealChange(deal, stage: "qualification", from: nil, at: w.at(0)))
        _ = try await store.features(for: Self.dealChange(deal, stage: "proposal", from: "qualification", at: w.at(3)))
        let enricher = EmailEnricher(config: EnrichmentConfig(competitors: ["Globex"]))
        let texts = ["We are unhappy with the delays, and Globex offered a discount.",
                     "Great call, thanks! The team loves the proposal and is excited to move forward."]
        let enrichments = texts.map { enricher.enrich(EmailFacts(participants: [], newText: $0)) }
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, contact: vp, texts: [texts[0]], at: w.at(5)),
                                     enrichments: [enrichments[0]])
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, channel: "call", texts: [texts[1]], at: w.at(8)),
                                     enrichments: [enrichments[1]])
        // Outside the 30-day window: counts towards engagement only, decayed.
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, texts: ["Globex again"],
                                                              date: CalendarDate(year: 2025, month: 11, day: 22), at: w.at(0)))

        // When: the deal is looked up on day 9.
        w.clock.set(w.at(9))
        let features = try await store.features(org: Self.org, deal: deal)

        // Then: every feature is what its definition gives for these records.
        let engagement = 1 * exp(-4.0 / 14) + 2 * exp(-1.0 / 14) + 1 * exp(-49.0 / 14)
        let (s1, s2) = (enrichments[0].sentiment, enrichments[1].sentiment)
        #expect(s1 < 0 && s2 > 0)
        // Two samples: the slope is their difference over the 3 days between them, per 30 days.
        let slope = min(1, max(-1, (s2 - s1) / (3.0 / 30)))
        let expected: [String: Double] = [
            "deal_velocity": 1,                         // one stage change in a 9-day-old deal (per 30 days, age floored at 30)
            "engagement_score": 100 * (1 - exp(-engagement / 5)),
            "contact_seniority": 3,                     // VP
            "company_size": 3,                          // log10(1000)
            "win_rate_rep": 2.0 / 3,                    // alice: 2 won, 1 lost
            "win_rate_industry": 0.5,                   // Software: 2 won, 2 lost
            "sentiment_trend": slope,
            "competitor_mentions": 1,                   // the day-5 email; the November one is outside 30 days
            "stage_duration_percentile": 50,            // 6 days in proposal against stays of 4 and 10 days
        ]
        #expect(Set(features.values.keys) == Set(DealFeatures.names))
        for (name, value) in expected {
            #expect(abs((features[name] ?? .nan) - value) < 1e-9, "\(name): \(features[name] ?? .nan) != \(value)")
        }
    }

    @Test("incremental counters equal a full recompute from the recorded events, for random event sequences")
    func incrementalEqualsRecompute() async throws {
        var rng = SplitMix64(seed: 7)
        for round in 0..<12 {
            let w = try World()
            let deals = try (0..<3).map { _ in try w.record(.deal, ["stage": .enumeration("prospecting")]) }
            let activities = (0..<6).map { _ in RecordID.make() }
            let stages = ["prospecting", "qualification", "proposal", "negotiation", "closed_won"]
            let store = w.features()
            var sent: [HookChange] = []
            for _ in 0..<30 {
                let at = w.at(Double(rng.next() % 6000) / 100)
                let change: HookChange
                switch rng.next() % 4 {
                case 0 where !sent.isEmpty:
                    change = sent[Int(rng.next() % UInt64(sent.count))]   // a hook job run again
                case 1, 0:
                    let to = stages[Int(rng.next() % 5)]
                    let from = rng.next() % 4 == 0 ? nil : stages[Int(rng.next() % 5)]
                    change = Self.dealChange(deals[Int(rng.next() % 3)], stage: to, from: from, at: at)
                default:
                    let deal = rng.next() % 5 == 0 ? nil : deals[Int(rng.next() % 3)]
                    let channel = ["email", "call", "task"][Int(rng.next() % 3)]
                    change = Self.activityChange(activities[Int(rng.next() % 6)], deal: deal, channel: channel,
                                                 texts: rng.next() % 2 == 0 ? ["Thanks, great progress"] : [], at: at)
                }
                sent.append(change)
                _ = try await store.features(for: change)
            }
            let now = w.at(70)
            let (incremental, rebuilt) = try await w.org.read { tx in
                try deals.map { deal in
                    (try tx.featureCounters(deal: deal) ?? DealFeatureCounters(),
                     DealFeatureCounters.rebuilt(transitions: try tx.stageTransitions(deal: deal), activities: try tx.activitySignals(deal: deal)))
                }.reduce(into: ([DealFeatureCounters](), [DealFeatureCounters]())) { $0.0.append($1.0); $0.1.append($1.1) }
            }
            for (a, b) in zip(incremental, rebuilt) {
                #expect(a.stageChanges == b.stageChanges, "round \(round)")
                #expect(a.stage == b.stage && a.stageEnteredAt == b.stageEnteredAt, "round \(round)")
                #expect(abs(a.engagement(at: now) - b.engagement(at: now)) < 1e-9, "round \(round)")
            }
            // The daily run rewrites the counters from the events: the same values.
            w.clock.set(w.at(70))
            try await store.refreshAggregates(org: Self.org)
            let after = try await w.org.read { tx in try deals.map { try tx.featureCounters(deal: $0) ?? DealFeatureCounters() } }
            for (a, b) in zip(after, rebuilt) {
                #expect(a.stageChanges == b.stageChanges && a.stage == b.stage && a.stageEnteredAt == b.stageEnteredAt)
                #expect(abs(a.engagement(at: now) - b.engagement(at: now)) < 1e-9)
            }
        }
    }

    @Test("cached features are served for an hour, then recomputed; a recorded activity invalidates; hit rate counts")
    func stalenessBoundAndHitRate() async throws {
        let w = try World()
        let deal = try w.record(.deal, ["stage": .enumeration("proposal")])
        let store = w.features()
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, at: w.at(0)))
        let first = try await store.features(org: Self.org, deal: deal)
        w.clock.advance(by: 1800)
        let cached = try await store.features(org: Self.org, deal: deal)
        #expect(cached == first)   // within the bound: the cached value, though engagement has decayed since
        #expect(await Self.counts(store) == [1, 1])

        w.clock.advance(by: 1801)
        let recomputed = try await store.features(org: Self.org, deal: deal)
        #expect(recomputed["engagement_score"]! < first["engagement_score"]!)
        #expect(await Self.counts(store) == [1, 2])

        _ = try await store.features(org: Self.org, deal: deal)
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, at: w.clock.now()))
        let afterActivity = try await store.features(org: Self.org, deal: deal)
        #expect(afterActivity["engagement_score"]! > recomputed["engagement_score"]!)
        #expect(await Self.counts(store) == [2, 3])
        #expect(await store.cacheHitRate == 0.4)

        // A change to a field no feature reads (the amount) keeps the cache.
        let amount = HookChange(org: Self.org, record: deal, kind: .deal, fields: ["amount": .decimal(5)], changed: ["amount"], at: w.clock.now())
        _ = try await store.features(for: amount)
        #expect(await Self.counts(store) == [3, 3])
        // A title change of a contact the deal's features read drops them.
        let contact = try w.record(.contact, ["title": .string("Engineer")])
        _ = try await store.features(for: Self.activityChange(.make(), deal: deal, contact: contact, at: w.clock.now()))
        #expect(try await store.features(org: Self.org, deal: deal)["contact_seniority"] == 0)
        try await w.org.write { tx in try tx.setField("title", of: contact, value: .string("Chief Revenue Officer"), vector: VersionVector()) }
        let promoted = HookChange(org: Self.org, record: contact, kind: .contact, fields: ["title": .string("Chief Revenue Officer")],
                                  changed: ["title"], at: w.clock.now())
        _ = try await store.features(for: promoted)
        #expect(try await store.features(org: Self.org, deal: deal)["contact_seniority"] == 4)
    }

    @Test("aggregates are recomputed once a day; stale ones that cannot be recomputed make the hook fall back")
    func staleAggregatesFallBack() async throws {
        let w = try World()
        let deal = try w.record(.deal, ["stage": .enumeration("proposal"), "owner": .string("alice@acme.example")])
        try w.record(.deal, ["stage": .enumeration("closed_won"), "owner": .string("alice@acme.example")])
        let store = w.features()
        let computed = try await store.refreshAggregatesIfDue(org: Self.org)
        #expect(computed == w.t0)
        w.clock.advance(by: 3600)
        #expect(try await store.refreshAggregatesIfDue(org: Self.org) == w.t0)   // not due yet
        #expect(try await store.features(org: Self.org, deal: deal)["win_rate_rep"] == 1)

        // The store can no longer write the aggregates (a full disk, say).
        try RawDatabase.execute(path: w.temp.path, """
            CREATE TRIGGER no_aggregates BEFORE UPDATE ON feature_aggregates BEGIN SELECT RAISE(ABORT, 'disk full'); END;
            """)
        // A day later the daily run fails, but lookups keep the aggregates within the bound...
        w.clock.advance(by: Self.day)
        await #expect(throws: (any Error).self) { try await store.refreshAggregatesIfDue(org: Self.org) }
        #expect(try await store.features(org: Self.org, deal: deal)["win_rate_rep"] == 1)
        // ...and past it, lookups fail with staleAggregates and the features hook falls back to
        // what the change carries.
        w.clock.advance(by: 3601)
        await #expect(throws: FeatureStoreError.staleAggregates(org: Self.org, computedAt: w.t0)) {
            try await store.features(org: Self.org, deal: deal)
        }
        let change = HookChange(org: Self.org, record: deal, kind: .deal,
                                fields: ["stage": .enumeration("proposal"), "win_rate_rep": .decimal(0.25)], changed: ["amount"], at: w.clock.now())
        let pipeline = HookPipeline(hooks: [FeaturesHook(timeout: .seconds(60), source: store),
                                            ScoringHook(scorer: DealScorer(model: nil), timeout: .seconds(60))])
        let (work, outcomes) = await pipeline.run(change)
        #expect(outcomes.map(\.outcome) == [.fallback, .success])
        #expect(work.features == DealFeatures(["win_rate_rep": 0.25]))
        #expect(work.score != nil)

        // Once the store can write again, the next lookup recomputes and the hook succeeds.
        try RawDatabase.execute(path: w.temp.path, "DROP TRIGGER no_aggregates")
        let (recovered, again) = await pipeline.run(change)
        #expect(again.map(\.outcome) == [.success, .success])
        #expect(recovered.features?["win_rate_rep"] == 1)
    }

    @Test("a backfill that records many transitions makes the aggregates due before the day is out")
    func outgrownAggregates() async throws {
        let w = try World()
        let store = w.features()
        #expect(try await store.refreshAggregatesIfDue(org: Self.org) == w.t0)   // an empty org: nothing to rate yet
        let owner: FieldValue = .string("alice@acme.example")
        for i in 0..<10 {
            let deal = try w.record(.deal, ["stage": .enumeration("closed_won"), "owner": owner])
            _ = try await store.features(for: Self.dealChange(deal, stage: "closed_won", from: nil, at: w.at(Double(i) / 100)))
        }
        w.clock.advance(by: 600)
        #expect(try await store.refreshAggregatesIfDue(org: Self.org) == w.t0)   // ten more: not yet
        let deal = try w.record(.deal, ["stage": .enumeration("closed_lost"), "owner": owner])
        _ = try await store.features(for: Self.dealChange(deal, stage: "closed_lost", from: nil, at: w.clock.now()))
        #expect(try await store.refreshAggregatesIfDue(org: Self.org) == w.clock.now())
        #expect(try await store.features(org: Self.org, deal: deal)["win_rate_rep"] == 10.0 / 11)
    }

    @Test("the refresher service computes aggregates at start, again when a backfill outgrows them, and stops cleanly")
    func refresherService() async throws {
        let w = try World()
        let store = w.features()
        let health = HealthRegistry()
        let refresher = FeatureAggregateRefresher(features: store, orgs: [Self.org], checkEvery: 0.1, health: health, logger: Logger(label: "test"))
        func stale() -> Bool { health.snapshot().conditions.contains { $0.code == HealthCode.featuresStale.rawValue } }
        let running = Task { try await refresher.run() }
        func basis() async throws -> Int? { try await w.org.read { tx in try tx.featureAggregates()?.basis } }
        func wait(_ what: String, _ condition: () async throws -> Bool) async throws {
            let end = Date().addingTimeInterval(10)
            while Date() < end { if try await condition() { return }; try await Task.sleep(for: .milliseconds(50)) }
            Issue.record("timed out waiting for \(what)")
        }
        try await wait("the first run") { try await basis() == 0 }
        for i in 0..<11 {
            let deal = try w.record(.deal, ["stage": .enumeration("proposal")])
            try await w.org.write { [at = w.at(Double(i))] tx in try tx.recordStageTransition(StageTransition(deal: deal, at: at, from: nil, to: "proposal")) }
        }
        try await wait("the run after the backfill") { try await basis() == 11 }
        // A run that cannot write raises features.stale until one succeeds.
        try RawDatabase.execute(path: w.temp.path, """
            CREATE TRIGGER no_aggregates BEFORE UPDATE ON feature_aggregates BEGIN SELECT RAISE(ABORT, 'disk full'); END;
            """)
        for i in 0..<12 {
            let deal = try w.record(.deal, ["stage": .enumeration("proposal")])
            try await w.org.write { [at = w.at(Double(i))] tx in try tx.recordStageTransition(StageTransition(deal: deal, at: at, from: nil, to: "proposal")) }
        }
        try await wait("features.stale") { stale() }
        try RawDatabase.execute(path: w.temp.path, "DROP TRIGGER no_aggregates")
        try await wait("features.stale cleared") { !stale() }
        #expect(try await basis() == 23)
        running.cancel()
        try await running.value
    }

    @Test("activity changes are recorded through the pipeline but not scored")
    func activitiesRecordedNotScored() async throws {
        let w = try World()
        let deal = try w.record(.deal, ["stage": .enumeration("proposal")])
        let store = w.features()
        let pipeline = HookPipeline(hooks: [FeaturesHook(timeout: .seconds(60), source: store),
                                            ScoringHook(scorer: DealScorer(model: nil), timeout: .seconds(60))])
        let (work, outcomes) = await pipeline.run(Self.activityChange(.make(), deal: deal, texts: ["Globex called"], at: w.t0))
        #expect(outcomes.map(\.outcome) == [.success, .success])
        #expect(work.features == nil && work.score == nil && work.edits.isEmpty)
        let signals = try await w.org.read { tx in try tx.activitySignals(deal: deal) }
        #expect(signals.count == 1 && signals[0].competitorMentions == 1)
        #expect(try await store.features(org: Self.org, deal: deal)["competitor_mentions"] == 1)
    }
}
