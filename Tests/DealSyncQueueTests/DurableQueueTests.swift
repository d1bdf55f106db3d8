import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Durable queue")
struct DurableQueueTests {
    let acme = OrgID("acme")
    let sf = SourceID("salesforce-prod")
    let hs = SourceID("hubspot")
    let one = BatchLimits(batchSize: 1, concurrentBatches: 1)

    func push(_ record: RecordID, _ fields: [String: FieldValue], to source: SourceID? = nil,
              object: String = "deal", priority: JobPriority = .normal) -> JobRequest {
        .push(record, to: source ?? sf, object: object, fields: fields, priority: priority)
    }

    @Test("a job commits with its change, or not at all")
    func sameTransaction() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let id = RecordID.make()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try org.write { tx throws in
                try tx.insertRecord(id, kind: .deal)
                try tx.enqueue(push(id, ["amount": .decimal(1)]))
                throw Boom()
            }
        }
        #expect(try org.read { tx throws in try tx.jobs() }.isEmpty)
        try org.write { tx throws in
            try tx.insertRecord(id, kind: .deal)
            try tx.enqueue(push(id, ["amount": .decimal(1)]))
        }
        #expect(try org.read { tx throws in try tx.jobs() }.count == 1)
    }

    @Test("pending pushes of one record to one source coalesce; the newest values win")
    func coalescing() throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let id = RecordID.make()
        let results = try org.write { tx throws in
            [try tx.enqueue(push(id, ["amount": .decimal(1), "stage": .enumeration("open")])),
             try tx.enqueue(push(id, ["amount": .decimal(2)], priority: .highValue)),
             try tx.enqueue(push(id, ["name": .string("Big deal")])),
             try tx.enqueue(push(id, ["amount": .decimal(9)], to: hs))]
        }
        #expect(results.map(\.coalesced) == [false, true, true, false])
        let jobs = try org.read { tx throws in try tx.jobs(source: sf) }
        #expect(jobs.count == 1)
        #expect(jobs[0].payload.fields == ["amount": .decimal(2), "stage": .enumeration("open"), "name": .string("Big deal")])
        #expect(jobs[0].priority == .highValue)
    }

    @Test("an in-flight push is not disturbed; the next one waits, then both merge if it fails")
    func inflightUntouched() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org)
        let id = RecordID.make()
        try await org.write { tx throws in try tx.enqueue(push(id, ["amount": .decimal(1), "stage": .enumeration("open")])) }
        let claimed = try await queue.claim(source: sf, limits: .salesforce)
        #expect(claimed.count == 1)
        let second = try await org.write { tx throws in try tx.enqueue(push(id, ["amount": .decimal(2)])) }
        #expect(second.coalesced == false)
        let inflight = try await org.read { tx throws in try tx.job(claimed[0].id) }
        #expect(inflight?.payload.fields["amount"] == .decimal(1))
        // While the first is in flight, the second is not claimable: no two writes of one record race.
        #expect(try await queue.claim(source: sf, limits: .salesforce).isEmpty)

        let outcome = try await queue.fail(claimed, error: SyncError(.retryable, code: "http.503", message: "unavailable"))
        guard case .retryAt = outcome[claimed[0].id] else {
            Issue.record("expected a retry, got \(String(describing: outcome))")
            return
        }
        let left = try await org.read { tx throws in try tx.jobs(source: sf) }
        #expect(left.count == 1)
        #expect(left[0].payload.fields == ["amount": .decimal(2), "stage": .enumeration("open")])
        #expect(left[0].attempts == 1)
    }

    @Test("claims batch pushes per (source, object) up to the batch size, in order")
    func batching() async throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org)
        let records = (0..<5).map { _ in RecordID.make() }
        try await org.write { tx throws in
            for (i, r) in records.enumerated() {
                try tx.enqueue(push(r, ["n": .decimal(Decimal(i))], object: i % 2 == 0 ? "deal" : "contact"))
            }
            try tx.enqueue(JobRequest(source: sf, kind: .pullPage, object: "deal"))
        }
        clock.advance(by: 1)
        let first = try await queue.claim(source: sf, limits: BatchLimits(batchSize: 2, concurrentBatches: 1))
        #expect(first.map(\.record) == [records[0], records[2]])
        let second = try await queue.claim(source: sf, limits: .salesforce)
        #expect(second.map(\.record) == [records[1], records[3]])
        let third = try await queue.claim(source: sf, limits: .salesforce)
        #expect(third.map(\.record) == [records[4]])
        let fourth = try await queue.claim(source: sf, limits: .salesforce)
        #expect(fourth.map(\.kind) == [.pullPage])
        #expect(try await queue.claim(source: sf, limits: .salesforce).isEmpty)
        #expect(try await queue.ack((first + second + third + fourth).map(\.id)) == 6)
        #expect(try await queue.stats().pending == 0)
    }

    @Test("retryable failures back off and count; rate limits wait and do not count")
    func failures() async throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org, backoff: Backoff(base: 10, cap: 100, maxAttempts: 5))
        try await org.write { tx throws in try tx.enqueue(push(RecordID.make(), ["a": .decimal(1)])) }

        let until = clock.now().addingTimeInterval(42)
        var job = try #require(try await queue.claim(source: sf, limits: one).first)
        let limited = try await queue.fail([job], error: SyncError(.rateLimited(until: until), code: "http.429", message: "slow"))
        #expect(limited[job.id] == .retryAt(until, attemptCounted: false))
        #expect(try await queue.claim(source: sf, limits: one).isEmpty)
        clock.set(until)

        job = try #require(try await queue.claim(source: sf, limits: one).first)
        #expect(job.attempts == 0)
        let retry = try await queue.fail([job], error: SyncError(.retryable, code: "http.500", message: "boom"))
        guard case .retryAt(let at, true) = retry[job.id] else {
            Issue.record("expected a counted retry")
            return
        }
        #expect(at >= clock.now() && at <= clock.now().addingTimeInterval(10))
        let jobID = job.id
        let stored = try await org.read { tx throws in try tx.job(jobID) }
        #expect(stored?.attempts == 1)
        #expect(stored?.lastError?.contains("http.500") == true)
    }

    @Test("after the last attempt, and at once for validation errors, jobs go to the dead letter")
    func deadLetters() async throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org, backoff: Backoff(base: 1, cap: 1, maxAttempts: 3))
        let (flaky, invalid) = (RecordID.make(), RecordID.make())
        try await org.write { tx throws in
            try tx.enqueue(push(flaky, ["a": .decimal(1)]))
            try tx.enqueue(push(invalid, ["a": .string("not a number")], to: hs))
        }
        let bad = try #require(try await queue.claim(source: hs, limits: one).first)
        let rejected = try await queue.fail([bad], error: SyncError(.validation, code: "hubspot.INVALID", message: "bad"))
        #expect(rejected[bad.id] == .deadLettered)

        var outcomes: [FailureOutcome] = []
        for _ in 0..<3 {
            clock.advance(by: 2)
            let job = try #require(try await queue.claim(source: sf, limits: one).first)
            outcomes.append(try await queue.fail([job], error: SyncError(.retryable, code: "http.502", message: "x"))[job.id]!)
        }
        #expect(outcomes.last == .deadLettered)
        let letters = try await queue.deadLetters()
        #expect(letters.map(\.record) == [invalid, flaky])
        #expect(letters[1].attempts == 3)
        #expect(letters[0].lastError.contains("hubspot.INVALID"))
        #expect(try await queue.stats().deadLetters == 2)

        // Retry puts it back fresh; a pending push of the same record keeps its newer values.
        try await org.write { tx throws in try tx.enqueue(push(invalid, ["a": .decimal(7)], to: hs)) }
        #expect(try await queue.retryDeadLetter(letters[0].id)?.coalesced == true)
        let requeued = try await org.read { tx throws in try tx.jobs(source: hs) }
        #expect(requeued.count == 1)
        #expect(requeued[0].payload.fields["a"] == .decimal(7))
        #expect(try await queue.dropDeadLetter(letters[1].id))
        #expect(try await queue.dropDeadLetter(letters[1].id) == false)
        #expect(try await queue.deadLetters().isEmpty)
    }

    @Test("an auth failure pauses the source and keeps the job")
    func authPauses() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org)
        try await org.write { tx throws in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.enqueue(push(RecordID.make(), ["a": .decimal(1)]))
        }
        let job = try #require(try await queue.claim(source: sf, limits: one).first)
        let outcome = try await queue.fail([job], error: SyncError(.auth, code: "salesforce.INVALID_SESSION_ID", message: "x"))
        #expect(outcome[job.id] == .sourcePaused)
        let source = try await org.read { tx throws in try tx.source(sf) }
        #expect(source?.paused == true)
        #expect(source?.pauseReason == "auth: salesforce.INVALID_SESSION_ID")
        let attempts = try await org.read { tx throws in try tx.job(job.id)?.attempts }
        #expect(attempts == 0)
    }

    @Test("in-flight jobs of a killed process are pending again after restart; none is lost")
    func crashRelease() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        let records = (0..<10).map { _ in RecordID.make() }
        try await tmp.store.org(acme).write { tx throws in
            for r in records { try tx.enqueue(push(r, ["a": .decimal(1)])) }
        }
        let claimed = try await DurableQueue(store: tmp.store.org(acme)).claim(source: sf, limits: .salesforce)
        #expect(claimed.count == 10)
        // The "process" dies: the store is closed without an ack, then reopened.
        try tmp.store.close()
        let reopened = try Store.open(path: tmp.path)
        defer { try? reopened.close() }
        #expect(try await DurableQueue.recoverAfterRestart(reopened) == 10)
        let queue = DurableQueue(store: reopened.org(acme))
        let again = try await queue.claim(source: sf, limits: .salesforce)
        #expect(Set(again.compactMap(\.record)) == Set(records))
        #expect(again.allSatisfy { $0.attempts == 0 })
    }

    @Test("depth is reported by source, object and priority, with the oldest age")
    func stats() async throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        try await org.write { tx throws in
            try tx.enqueue(push(RecordID.make(), [:]))
            try tx.enqueue(push(RecordID.make(), [:], priority: .highValue))
            try tx.enqueue(push(RecordID.make(), [:], to: hs, object: "contact"))
        }
        clock.advance(by: 30)
        let queue = DurableQueue(store: org)
        _ = try await queue.claim(source: hs, limits: one)
        let stats = try await queue.stats()
        #expect(stats.oldestAge == 30)
        #expect(stats.pending == 2)
        #expect(stats.inflight == 1)
        let sfDeal = stats.depths.filter { $0.source == sf && $0.object == "deal" }
        #expect(sfDeal.map(\.priority) == [.highValue, .normal])
        #expect(sfDeal.allSatisfy { $0.ready == 1 })
    }
}
