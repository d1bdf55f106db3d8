import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Queue properties")
struct QueuePropertyTests {
    let acme = OrgID("acme")
    let sf = SourceID("salesforce-prod")

    /// Given random interleavings of edits, claims, acks, failures and rate limits, when the
    /// queue is drained, then every record holds its last edited value of every field remotely:
    /// no update is lost and no stale value lands after a newer one.
    @Test("no lost or reordered update under random interleavings", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func noLostUpdate(seed: UInt64) async throws {
        var rng = SplitMix64(seed: seed)
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(acme)
        let queue = DurableQueue(store: org, backoff: Backoff(base: 0, cap: 0, maxAttempts: 1000))
        let records = (0..<8).map { _ in RecordID.make() }
        let fieldNames = ["amount", "stage", "owner"]
        var latest: [RecordID: [String: FieldValue]] = [:]
        var remote: [RecordID: [String: FieldValue]] = [:]
        var inflight: [Job] = []

        func deliver(_ jobs: [Job]) async throws {
            for job in jobs { remote[job.record!, default: [:]].merge(job.payload.fields) { _, new in new } }
            try await queue.ack(jobs.map(\.id))
        }

        for step in 0..<400 {
            clock.advance(by: 0.01)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                let record = records.randomElement(using: &rng)!
                var fields: [String: FieldValue] = [:]
                for name in fieldNames where Bool.random(using: &rng) { fields[name] = .decimal(Decimal(step)) }
                if fields.isEmpty { fields["amount"] = .decimal(Decimal(step)) }
                latest[record, default: [:]].merge(fields) { _, new in new }
                let request = JobRequest.push(record, to: sf, object: "deal", fields: fields)
                try await org.write { tx throws in try tx.enqueue(request) }
            case 5..<7:
                let size = Int.random(in: 1...4, using: &rng)
                inflight += try await queue.claim(source: sf, limits: BatchLimits(batchSize: size, concurrentBatches: 1))
            default:
                guard !inflight.isEmpty else { continue }
                let job = inflight.remove(at: Int.random(in: 0..<inflight.count, using: &rng))
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: try await deliver([job])
                case 1: _ = try await queue.fail([job], error: SyncError(.retryable, code: "http.500", message: "x"))
                default:
                    let until = clock.now().addingTimeInterval(0.05)
                    _ = try await queue.fail([job], error: SyncError(.rateLimited(until: until), code: "http.429", message: "x"))
                }
            }
        }
        try await deliver(inflight)
        clock.advance(by: 1)
        while true {
            let batch = try await queue.claim(source: sf, limits: .salesforce)
            if batch.isEmpty { break }
            try await deliver(batch)
        }
        #expect(remote == latest)
        #expect(try await queue.stats().pending == 0)
    }
}
