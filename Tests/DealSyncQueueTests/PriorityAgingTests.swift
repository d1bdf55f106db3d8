import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Priority with aging")
struct PriorityAgingTests {
    let sf = SourceID("salesforce-prod")

    @Test("higher classes go first among fresh jobs; a long-waiting backfill overtakes them")
    func ordering() async throws {
        let clock = ManualClock()
        let tmp = try TemporaryStore(clock: clock)
        defer { tmp.remove() }
        let org = tmp.store.org(OrgID("acme"))
        let aging = PriorityAging(step: 60)
        func add(_ name: String, _ priority: JobPriority) throws {
            try org.write { tx in
                try tx.enqueue(JobRequest(source: sf, kind: .resync, object: "deal", priority: priority,
                                          payload: JobPayload(parameters: ["name": name])), aging: aging)
            }
        }
        try add("old-backfill", .backfill)
        clock.advance(by: 200)  // more than 3 steps: it now outranks anything new
        try add("normal", .normal)
        try add("backfill", .backfill)
        try add("high", .highValue)
        try add("admin", .adminResync)
        clock.advance(by: 1)
        let queue = DurableQueue(store: org, aging: aging)
        var order: [String] = []
        while let job = try await queue.claim(source: sf, limits: BatchLimits(batchSize: 1, concurrentBatches: 1)).first {
            order.append(job.payload.parameters["name"] ?? "?")
            try await queue.ack([job.id])
        }
        #expect(order == ["old-backfill", "admin", "high", "normal", "backfill"])
    }

    @Test("the order key gives each class a head start of one step per rank")
    func orderKey() {
        let aging = PriorityAging(step: 60)
        let t = Date(timeIntervalSince1970: 1000)
        #expect(aging.orderKey(priority: .backfill, enqueuedAt: t) == 1_000_000)
        #expect(aging.orderKey(priority: .adminResync, enqueuedAt: t) == 1_000_000 - 180_000)
        // A normal job enqueued just under a step after a backfill still goes first; just over, not.
        #expect(aging.orderKey(priority: .normal, enqueuedAt: t.addingTimeInterval(59))
                < aging.orderKey(priority: .backfill, enqueuedAt: t))
        #expect(aging.orderKey(priority: .normal, enqueuedAt: t.addingTimeInterval(61))
                > aging.orderKey(priority: .backfill, enqueuedAt: t))
    }

    @Test("deals at or above the org's threshold are high-value")
    func classifier() {
        let classify = PriorityClassifier(highValueAmount: 100_000)
        #expect(classify.priority(amount: 250_000) == .highValue)
        #expect(classify.priority(amount: 99_999) == .normal)
        #expect(classify.priority(amount: nil, isBackfill: true) == .backfill)
        #expect(classify.priority(amount: 5, isAdminResync: true) == .adminResync)
    }
}
