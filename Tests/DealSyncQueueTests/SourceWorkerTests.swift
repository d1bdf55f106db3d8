import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Synchronization
import Testing

/// An executor that records every batch and answers from a script of per-call behaviours.
final class ScriptedExecutor: JobExecutor {
    // The mutex guards the shared recording: batches may run on several tasks at once.
    private let state = Mutex<(batches: [[Job]], calls: Int)>(([], 0))
    let respond: @Sendable (_ call: Int, _ batch: [Job]) async -> BatchOutcome

    init(respond: @escaping @Sendable (_ call: Int, _ batch: [Job]) async -> BatchOutcome = { _, batch in
        BatchOutcome(succeeded: batch.map(\.id))
    }) {
        self.respond = respond
    }

    var batches: [[Job]] { state.withLock { $0.batches } }

    func execute(_ batch: [Job]) async -> BatchOutcome {
        let call = state.withLock { s -> Int in
            s.batches.append(batch)
            s.calls += 1
            return s.calls
        }
        return await respond(call, batch)
    }
}

@Suite("Source worker")
struct SourceWorkerTests {
    let acme = OrgID("acme")
    let hs = SourceID("hubspot")
    let budget = RateBudgetConfig(burstLimit: 10_000, burstWindow: 1)

    func drain(_ queue: DurableQueue, _ worker: SourceWorker) async throws {
        let task = Task { await worker.run() }
        for _ in 0..<500 {
            let stats = try await queue.stats()
            if stats.pending == 0 && stats.inflight == 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        await worker.stop()
        await task.value
    }

    func enqueue(_ store: OrgStore, count: Int) async throws -> [RecordID] {
        let records = (0..<count).map { _ in RecordID.make() }
        try await store.write { tx throws in
            for r in records { try tx.enqueue(.push(r, to: hs, object: "deal", fields: ["n": .decimal(1)])) }
        }
        return records
    }

    @Test("every job is pushed exactly once, in batches no larger than the API allows")
    func drainsInBatches() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let records = try await enqueue(org, count: 250)
        let executor = ScriptedExecutor()
        let queue = DurableQueue(store: org)
        let worker = SourceWorker(source: hs, queue: queue, limits: .hubspot, budget: budget, executor: executor,
                                  idleInterval: 0.01)
        try await drain(queue, worker)
        #expect(executor.batches.map(\.count) == [100, 100, 50])
        let pushed = executor.batches.flatMap { $0 }.compactMap(\.record)
        #expect(pushed.count == 250)
        #expect(Set(pushed) == Set(records))
    }

    @Test("a batch that took one request per record is charged for each of them")
    func chargesWhatABatchCost() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        _ = try await enqueue(org, count: 30)
        // Each batch of 10 made 10 requests, as Salesforce's conditional updates do.
        let executor = ScriptedExecutor { _, batch in BatchOutcome(succeeded: batch.map(\.id), requests: batch.count) }
        let queue = DurableQueue(store: org)
        let worker = SourceWorker(source: hs, queue: queue, limits: BatchLimits(batchSize: 10, concurrentBatches: 1),
                                  budget: RateBudgetConfig(burstLimit: 1000, burstWindow: 60, reservedShare: 0),
                                  executor: executor, idleInterval: 0.01)
        try await drain(queue, worker)
        #expect(executor.batches.count == 3)
        #expect(await worker.status().burstAvailable == 970, "30 requests spent, not 3")
    }

    @Test("a 429 pauses the account and costs no attempt; invalid records end in the dead letter")
    func rateLimitAndValidation() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let records = try await enqueue(org, count: 3)
        let invalid = records[1]
        let executor = ScriptedExecutor { call, batch in
            if call == 1 {
                return .allFailed(batch, SyncError(.rateLimited(until: Date().addingTimeInterval(0.2)),
                                                   code: "http.429", message: "slow down"))
            }
            var outcome = BatchOutcome()
            for job in batch {
                if job.record == invalid {
                    outcome.failed[job.id] = SyncError(.validation, code: "hubspot.VALIDATION_ERROR", message: "bad")
                } else {
                    outcome.succeeded.append(job.id)
                }
            }
            return outcome
        }
        let queue = DurableQueue(store: org)
        let worker = SourceWorker(source: hs, queue: queue, limits: .hubspot, budget: budget, executor: executor,
                                  idleInterval: 0.01)
        let started = Date()
        try await drain(queue, worker)
        #expect(Date().timeIntervalSince(started) >= 0.2)
        let batches = executor.batches
        #expect(batches.count == 2)
        #expect(batches[1].allSatisfy { $0.attempts == 0 })
        let letters = try await queue.deadLetters()
        #expect(letters.map(\.record) == [invalid])
        let status = await worker.status()
        #expect(status.breaker == "closed")
    }

    @Test("stopping lets the batch in flight finish and acknowledges it; nothing is left in flight")
    func gracefulStop() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        _ = try await enqueue(org, count: 150)
        let executor = ScriptedExecutor { _, batch in
            try? await Task.sleep(for: .milliseconds(200))
            return BatchOutcome(succeeded: batch.map(\.id))
        }
        let queue = DurableQueue(store: org)
        let worker = SourceWorker(source: hs, queue: queue, limits: .hubspot, budget: budget, executor: executor,
                                  idleInterval: 0.01)
        let task = Task { await worker.run() }
        // Stop while the first batch is in the executor's hands.
        for _ in 0..<500 where executor.batches.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        await worker.stop()
        await task.value
        let stats = try await queue.stats()
        #expect(executor.batches.count == 1)
        #expect(stats.inflight == 0)
        #expect(stats.pending == 50)
    }

    @Test("repeated server errors open the breaker, which stops further batches")
    func breakerOpens() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        for _ in 0..<5 { _ = try await enqueue(org, count: 1) }
        let executor = ScriptedExecutor { _, batch in
            .allFailed(batch, SyncError(.retryable, code: "http.503", message: "down"))
        }
        let queue = DurableQueue(store: org, backoff: Backoff(base: 0.001, cap: 0.001, maxAttempts: 100))
        let worker = SourceWorker(source: hs, queue: queue, limits: BatchLimits(batchSize: 1, concurrentBatches: 1),
                                  budget: budget, breaker: CircuitBreaker(failureThreshold: 3, openDuration: 60),
                                  executor: executor, idleInterval: 0.01)
        let task = Task { await worker.run() }
        for _ in 0..<500 where await worker.status().breaker != "open" { try await Task.sleep(for: .milliseconds(10)) }
        // Open for a minute: no batch may start in the meantime.
        try await Task.sleep(for: .milliseconds(200))
        await worker.stop()
        await task.value
        #expect(executor.batches.count == 3)
        #expect(await worker.status().breaker == "open")
    }
}

@Suite("Source worker priority")
struct SourceWorkerPriorityTests {
    let acme = OrgID("acme")
    let hs = SourceID("hubspot")

    @Test("with the budget saturated by a backfill, a high-value change goes out next")
    func highValueOvertakesBackfill() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        try await org.write { tx throws in
            for _ in 0..<500 {
                try tx.enqueue(.push(RecordID.make(), to: hs, object: "deal", fields: ["n": .decimal(1)], priority: .backfill))
            }
        }
        let executor = ScriptedExecutor()
        let queue = DurableQueue(store: org)
        // Ten requests per half second, one record each: the backfill alone would take 25 s.
        let worker = SourceWorker(source: hs, queue: queue, limits: BatchLimits(batchSize: 1, concurrentBatches: 1),
                                  budget: RateBudgetConfig(burstLimit: 10, burstWindow: 0.5, reservedShare: 0.2),
                                  executor: executor, idleInterval: 0.01)
        let task = Task { await worker.run() }
        try await Task.sleep(for: .milliseconds(300))
        let urgent = RecordID.make()
        let enqueuedAt = Date()
        try await org.write { tx throws in
            try tx.enqueue(.push(urgent, to: hs, object: "deal", fields: ["amount": .decimal(1_000_000)], priority: .highValue))
        }
        await worker.wake()
        var seenAfter: TimeInterval?
        for _ in 0..<300 {
            if executor.batches.contains(where: { $0.first?.record == urgent }) {
                seenAfter = Date().timeIntervalSince(enqueuedAt)
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        await worker.stop()
        await task.value
        let after = try #require(seenAfter)
        #expect(after < 2.0)
        #expect(try await queue.stats().pending > 400)
    }
}

@Suite("Org-wide budget")
struct OrgBudgetTests {
    @Test("two accounts of one org together stay within the org's shared budget")
    func sharedCap() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(OrgID("acme"))
        let (a, b) = (SourceID("hubspot-a"), SourceID("hubspot-b"))
        try await org.write { tx throws in
            for source in [a, b] {
                for _ in 0..<50 { try tx.enqueue(.push(RecordID.make(), to: source, object: "deal", fields: [:])) }
            }
        }
        let shared = SharedBudget(config: RateBudgetConfig(burstLimit: 10, burstWindow: 60, reservedShare: 0))
        let own = RateBudgetConfig(burstLimit: 1000, burstWindow: 1, reservedShare: 0)
        let executor = ScriptedExecutor()
        let queue = DurableQueue(store: org)
        let workers = [a, b].map {
            SourceWorker(source: $0, queue: queue, limits: BatchLimits(batchSize: 1, concurrentBatches: 1), budget: own,
                         orgBudget: shared, executor: executor, idleInterval: 0.01)
        }
        let tasks = workers.map { worker in Task { await worker.run() } }
        for _ in 0..<300 where executor.batches.count < 10 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(200))
        for worker in workers { await worker.stop() }
        for task in tasks { await task.value }
        #expect(executor.batches.count == 10)
        #expect(try await queue.stats().pending == 90)
    }
}
