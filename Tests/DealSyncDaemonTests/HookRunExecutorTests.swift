import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

/// The `local` worker's executor on a real store with the shipped mappings: a deal change in,
/// a score, risk and next action out to every CRM, one Slack message per deal and reason a day.
@Suite("Hook run executor")
struct HookRunExecutorTests {
    static let org = OrgID("acme")
    static let sf = SourceID("sf"), hs = SourceID("hs"), pd = SourceID("pd")
    static let sources: [SourceID: CRMKind] = [sf: .salesforce, hs: .hubspot, pd: .pipedrive]

    final class World: Sendable {
        let temp: TemporaryStore
        let engine: SyncEngine
        let progress = SourceProgress()
        var store: OrgStore { engine.store }

        init() throws {
            temp = try TemporaryStore()
            let store = temp.store.org(HookRunExecutorTests.org)
            try store.write { tx in
                for (id, kind) in HookRunExecutorTests.sources { try tx.registerSource(id, kind: kind.rawValue) }
            }
            engine = SyncEngine(store: store, mappings: try ShippedMappings.load(), sources: HookRunExecutorTests.sources,
                                policy: SyncPolicy(runsHooks: true),
                                orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
        }

        deinit { temp.remove() }

        /// Two complete pull rounds of every source: the initial sync is over, changes are news.
        func catchUp() -> CatchUpGate {
            let gate = CatchUpGate(sources: HookRunExecutorTests.sources.keys.map { SourceRef(org: HookRunExecutorTests.org, source: $0) },
                                   progress: progress)
            for round in 0..<2 {
                let started = Date().addingTimeInterval(Double(round) - 10)
                for source in HookRunExecutorTests.sources.keys {
                    progress.succeeded(SourceRef(org: HookRunExecutorTests.org, source: source), passStarted: started,
                                       at: started.addingTimeInterval(0.5))
                }
                _ = gate.caughtUpAt()
            }
            return gate
        }

        func executor(_ config: HooksConfig, gate: CatchUpGate? = nil) -> HookRunExecutor {
            let factory = HookPipelineFactory(org: HookRunExecutorTests.org, store: store, config: config,
                                              scorer: DealScorer(model: nil), logger: Logger(label: "test"))
            return HookRunExecutor(store: store, pipeline: factory.pipeline(metrics: NoHookMetrics()),
                                   writer: HookResultWriter(engine: engine, slack: SlackDelivery.source),
                                   hasExternalHooks: false, catchUp: gate ?? catchUp(), logger: Logger(label: "test"))
        }

        func deal(amount: Decimal, at: Date = Date()) async throws {
            _ = try await engine.ingest([RemoteRecord(kind: .deal, externalID: "006A", fields: [
                "Name": .string("Acme renewal"), "Amount": .number(amount), "CurrencyIsoCode": .string("USD"),
                "StageName": .string("Proposal/Price Quote"), "CloseDate": .string("2031-06-30"),
            ], modifiedAt: at)], deletions: [], from: HookRunExecutorTests.sf, kind: .deal, cursor: nil)
        }

        /// Claims and runs every hook run; returns how many failed.
        func drain(_ executor: HookRunExecutor) async throws -> Int {
            let queue = DurableQueue(store: store)
            var failed = 0
            while true {
                let batch = try await queue.claim(source: .local, limits: HookRunExecutor.limits)
                guard !batch.isEmpty else { return failed }
                let outcome = await executor.execute(batch)
                try await queue.ack(outcome.succeeded)
                failed += outcome.failed.count
                if !outcome.failed.isEmpty { _ = try await queue.fail(batch.filter { outcome.failed[$0.id] != nil },
                                                                       error: outcome.failed.values.first!) }
            }
        }

        func jobs(_ source: SourceID) async throws -> [Job] {
            try await store.read { tx in try tx.jobs(source: source) }
        }
    }

    static func announcing() -> HooksConfig {
        var config = HooksConfig()
        config.reviewConfidence = 0
        config.highValueAmount = 1
        config.riskScoreBelow = 0
        config.alertMinAmount = 1_000_000_000
        return config
    }

    @Test("a deal change is scored, written back to every CRM and announced once a day")
    func scoredWrittenBackAnnouncedOnce() async throws {
        let world = try World()
        let executor = world.executor(Self.announcing())
        try await world.deal(amount: 50_000)
        #expect(try await world.drain(executor) == 0)

        let record = try #require(try await world.store.read { tx in try tx.records(kind: .deal) }.first?.id)
        let state = try await world.store.read { tx in try tx.resolverState(of: record) }
        guard case .decimal(let score)? = state.fields["score"]?.value else {
            Issue.record("no score written: \(state.values.keys.sorted())")
            return
        }
        #expect(score >= 0 && score <= 100)
        #expect(state.fields["risk"] != nil && state.fields["next_action"] != nil)
        for crm in [Self.hs, Self.pd] {
            let push = try await world.jobs(crm).first { $0.kind == .push }
            #expect(push?.payload.fields["score"] == .decimal(score), "score queued for \(crm)")
        }
        let slack = try await world.jobs(SlackDelivery.source)
        #expect(slack.count == 1)
        #expect(slack.first.flatMap(SlackDelivery.init(job:))?.reason == "high_value")

        // A second change the same day: rescored, but no second message.
        try await world.deal(amount: 60_000, at: Date().addingTimeInterval(1))
        #expect(try await world.drain(executor) == 0)
        #expect(try await world.jobs(SlackDelivery.source).count == 1, "no second message")
        #expect(try await world.store.read { tx in try tx.jobs(source: .local) }.isEmpty, "hook output queued no hook run")
    }

    @Test("changes queued before the sources were caught up are scored but not announced")
    func initialSyncIsNotAnnounced() async throws {
        let world = try World()
        let gate = CatchUpGate(sources: [SourceRef(org: Self.org, source: Self.sf)], progress: world.progress)
        try await world.deal(amount: 50_000)
        #expect(try await world.drain(world.executor(Self.announcing(), gate: gate)) == 0)
        #expect(try await world.jobs(SlackDelivery.source).isEmpty)
        let record = try #require(try await world.store.read { tx in try tx.records(kind: .deal) }.first?.id)
        #expect(try await world.store.read { tx in try tx.resolverState(of: record) }.fields["score"] != nil)
    }

    @Test("a low-confidence score waits in the review queue with its edits, and nothing is written")
    func lowConfidenceGoesToReview() async throws {
        let world = try World()
        var config = Self.announcing()
        config.reviewConfidence = 0.99
        try await world.deal(amount: 50_000)
        #expect(try await world.drain(world.executor(config)) == 0)
        let reviews = try await world.store.read { tx in try tx.reviews(state: .pending) }
        #expect(reviews.count == 1)
        #expect(reviews.first?.reason == "low_confidence")
        #expect(Set(reviews.first?.edits.keys.map { $0 } ?? []) == ["score", "risk", "next_action"])
        let record = try #require(reviews.first?.record)
        #expect(try await world.store.read { tx in try tx.resolverState(of: record) }.fields["score"] == nil)

        // A later run refreshes the pending item instead of filing another.
        try await world.deal(amount: 70_000, at: Date().addingTimeInterval(1))
        #expect(try await world.drain(world.executor(config)) == 0)
        #expect(try await world.store.read { tx in try tx.reviews(state: .pending) }.count == 1)

        // Approving applies the held edits as the local replica, pushes included.
        let held = try #require(try await world.store.read { tx in try tx.reviews(state: .pending) }.first)
        let report = try await world.engine.applyLocal(held.edits, record: held.record, kind: held.kind)
        #expect(report.changed.contains("score") && report.jobs == 3)
    }

    @Test("a run that no longer raises a review closes the stale pending one")
    func staleReviewIsSuperseded() async throws {
        let world = try World()
        var strict = Self.announcing()
        strict.reviewConfidence = 0.99
        try await world.deal(amount: 50_000)
        #expect(try await world.drain(world.executor(strict)) == 0)
        #expect(try await world.store.read { tx in try tx.reviews(state: .pending) }.count == 1)

        try await world.deal(amount: 51_000, at: Date().addingTimeInterval(1))
        #expect(try await world.drain(world.executor(Self.announcing())) == 0)
        #expect(try await world.store.read { tx in try tx.reviews(state: .pending) }.isEmpty)
        let closed = try await world.store.read { tx in try tx.reviews(state: .rejected) }
        #expect(closed.first?.decidedBy == "hooks:superseded")
    }

    @Test("a guardrail that fails holds outbound work and the run is retried")
    func guardrailFailureIsRetried() async throws {
        let world = try World()
        let factory = HookPipelineFactory(org: Self.org, store: world.store, config: Self.announcing(),
                                          scorer: DealScorer(model: nil), logger: Logger(label: "test"))
        struct DetectorDown: Error {}
        let hooks = [GuardrailHook(timeout: .seconds(1)) { _ in throw DetectorDown() }] + factory.hooks().filter { $0.stage != .guardrail }
        let executor = HookRunExecutor(store: world.store, pipeline: HookPipeline(hooks: hooks),
                                       writer: HookResultWriter(engine: world.engine, slack: SlackDelivery.source),
                                       hasExternalHooks: true, catchUp: world.catchUp(), logger: Logger(label: "test"))
        try await world.deal(amount: 50_000)
        let batch = try await DurableQueue(store: world.store).claim(source: .local, limits: HookRunExecutor.limits)
        let outcome = await executor.execute(batch)
        #expect(outcome.succeeded.isEmpty)
        #expect(outcome.failed.values.first?.code == "hooks.outbound_held")
        #expect(outcome.failed.values.first?.kind == .retryable)
    }
}
