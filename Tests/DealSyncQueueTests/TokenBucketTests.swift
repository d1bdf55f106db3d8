import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Foundation
import Testing

@Suite("Token bucket")
struct TokenBucketTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// Drives a bucket as a worker would: send whenever granted, sleep until told otherwise.
    func drive(_ bucket: inout TokenBucket, priority: JobPriority, for seconds: TimeInterval) -> [Date] {
        var now = t0
        var sent: [Date] = []
        while now < t0.addingTimeInterval(seconds) {
            switch bucket.acquire(priority: priority, now: now) {
            case .granted:
                sent.append(now)
                now.addTimeInterval(0.01)
            case .wait(let until, _):
                #expect(until > now)
                now = until
            }
        }
        return sent
    }

    @Test("no rolling window ever holds more than the limit, and at least 90% of it is used")
    func rollingWindow() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, reservedShare: 0))
        let sent = drive(&bucket, priority: .normal, for: 60)
        for (i, start) in sent.enumerated() {
            let inWindow = sent[i...].prefix { $0 < start.addingTimeInterval(10) }.count
            #expect(inWindow <= 100)
        }
        #expect(sent.count >= 540, "sent \(sent.count) of 600 allowed")
    }

    @Test("requests that arrive late by up to 100 ms never make the server see more than its limit")
    func wireSkew() {
        // The server counts arrivals; each request spends 0–100 ms on the wire (seeded jitter).
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, reservedShare: 0))
        var state: UInt64 = 42
        let arrivals = drive(&bucket, priority: .normal, for: 120).map { sent -> Date in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return sent.addingTimeInterval(Double(state >> 33 % 1000) / 1000 * 0.1)
        }.sorted()
        var worst = 0
        for (i, start) in arrivals.enumerated() {
            worst = max(worst, arrivals[i...].prefix { $0 < start.addingTimeInterval(10) }.count)
        }
        #expect(worst <= 100, "the server saw \(worst) requests in one window")
        #expect(arrivals.count >= 1080, "sent \(arrivals.count) of 1200 allowed")
    }

    @Test("with up to a second on the wire and 20 requests in flight, the server never sees more than its limit")
    func slowWire() {
        // Each request reaches the server 0–1 s after we send it, far more than the window's
        // margin; the answer comes 50 ms after that, and the worker reports it.
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, reservedShare: 0))
        var state: UInt64 = 7
        var now = t0
        var inFlight: [(sent: Date, answer: Date)] = []
        var arrivals: [Date] = []
        while now < t0.addingTimeInterval(120) {
            for done in inFlight.filter({ $0.answer <= now }) { bucket.answered(sentAt: done.sent, at: done.answer) }
            inFlight.removeAll { $0.answer <= now }
            var next = inFlight.map(\.answer).min() ?? now.addingTimeInterval(1)
            if inFlight.count < 20 {
                switch bucket.acquire(priority: .normal, now: now) {
                case .granted:
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let arrival = now.addingTimeInterval(Double((state >> 33) % 1000) / 1000)
                    arrivals.append(arrival)
                    inFlight.append((now, arrival.addingTimeInterval(0.05)))
                    next = now.addingTimeInterval(0.01)
                case .wait(let until, _):
                    next = min(next, until)
                }
            }
            now = next
        }
        arrivals.sort()
        var worst = 0
        for (i, start) in arrivals.enumerated() {
            worst = max(worst, arrivals[i...].prefix { $0 < start.addingTimeInterval(10) }.count)
        }
        #expect(worst <= 100, "the server saw \(worst) requests in one window")
        #expect(arrivals.count >= 1000, "sent \(arrivals.count) of 1200 allowed")
    }

    @Test("backfill leaves the reserved share of the burst to other work")
    func reserve() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, reservedShare: 0.2))
        var granted = 0
        while case .granted = bucket.acquire(priority: .backfill, now: t0) { granted += 1 }
        #expect(granted == 80)
        #expect(bucket.burstAvailable(priority: .backfill, now: t0) == 0)
        #expect(bucket.burstAvailable(priority: .highValue, now: t0) == 20)
        var urgent = 0
        while case .granted = bucket.acquire(priority: .highValue, now: t0) { urgent += 1 }
        #expect(urgent == 20)
    }

    @Test("the daily share cap holds until the day rolls over")
    func dailyShare() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 10_000, burstWindow: 1, dailyLimit: 1000,
                                                          dailyShare: 0.5, reservedShare: 0))
        var granted = 0
        var last: TokenBucket.Decision = .granted
        while true {
            last = bucket.acquire(priority: .normal, now: t0.addingTimeInterval(Double(granted)))
            guard case .granted = last else { break }
            granted += 1
        }
        #expect(granted == 500)
        guard case .wait(let until, let reason) = last else { return }
        #expect(reason == "daily")
        #expect(until == t0.addingTimeInterval(86_400))
        let decision1 = bucket.acquire(priority: .normal, now: until)
        #expect(decision1 == .granted)
    }

    @Test("requests charged after the fact count in the window and against the daily share")
    func chargedAfterTheFact() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 10, burstWindow: 10, dailyLimit: 1000,
                                                          dailyShare: 0.02, reservedShare: 0))
        #expect(bucket.acquire(priority: .normal, now: t0) == .granted)
        // That one batch turned out to be eight requests (one per record).
        bucket.charge(7, now: t0)
        #expect(bucket.usedToday == 8)
        #expect(bucket.burstAvailable(priority: .normal, now: t0) == 2)
        #expect(bucket.acquire(priority: .normal, now: t0) == .granted)
        #expect(bucket.acquire(priority: .normal, now: t0) == .granted)
        // 10 of the day's share of 20 are gone, and the window is full.
        guard case .wait(_, let reason) = bucket.acquire(priority: .normal, now: t0) else {
            Issue.record("a full window granted more")
            return
        }
        #expect(reason == "burst")
        bucket.charge(10, now: t0.addingTimeInterval(60))
        guard case .wait(_, let daily) = bucket.acquire(priority: .normal, now: t0.addingTimeInterval(120)) else {
            Issue.record("the day's share was exceeded")
            return
        }
        #expect(daily == "daily")
    }

    @Test("headers correct the budget: the server's count, limits and pause win")
    func observe() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, reservedShare: 0))
        // Another client used the window up: we must wait although we sent nothing.
        bucket.observe(RateLimitSnapshot(burstLimit: 50, burstRemaining: 0, burstWindow: .seconds(5)), now: t0)
        #expect(bucket.config.burstLimit == 50)
        let decision2 = bucket.acquire(priority: .normal, now: t0)
        // The window is held 0.1 s longer than the server's (see the skew test below).
        #expect(decision2 == .wait(until: t0.addingTimeInterval(5.1), reason: "burst"))
        let decision3 = bucket.acquire(priority: .normal, now: t0.addingTimeInterval(5.1))
        #expect(decision3 == .granted)

        bucket.observe(RateLimitSnapshot(retryAt: t0.addingTimeInterval(30)), now: t0.addingTimeInterval(6))
        let decision4 = bucket.acquire(priority: .adminResync, now: t0.addingTimeInterval(7))
        #expect(decision4 == .wait(until: t0.addingTimeInterval(30), reason: "paused"))
        let decision5 = bucket.acquire(priority: .normal, now: t0.addingTimeInterval(30))
        #expect(decision5 == .granted)
    }

    @Test("a reported daily remaining of zero stops all but reserved work")
    func dailyRemaining() {
        var bucket = TokenBucket(config: RateBudgetConfig(burstLimit: 100, burstWindow: 10, dailyLimit: 15000,
                                                          reservedShare: 0.1))
        bucket.observe(RateLimitHeaders.salesforce(HeaderFields(["Sforce-Limit-Info": "api-usage=13600/15000"])), now: t0)
        // 1,400 left is below the 1,500 held back from backfill, but ordinary work may use it.
        if case .granted = bucket.acquire(priority: .backfill, now: t0) { Issue.record("backfill used the reserve") }
        let decision6 = bucket.acquire(priority: .normal, now: t0)
        #expect(decision6 == .granted)
        #expect(bucket.dailyRemaining == 1399)
    }
}
