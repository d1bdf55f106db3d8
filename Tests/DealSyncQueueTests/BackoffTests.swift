import DealSyncQueue
import DealSyncTestSupport
import Foundation
import Testing

@Suite("Backoff")
struct BackoffTests {
    @Test("ceilings double from the base and stop at the cap")
    func ceilings() {
        let backoff = Backoff(base: 1, cap: 10, maxAttempts: 10)
        #expect((1...6).map { backoff.ceiling(afterAttempt: $0) } == [1, 2, 4, 8, 10, 10])
        #expect(backoff.ceiling(afterAttempt: 500) == 10)
    }

    @Test("every delay lies within [0, ceiling]")
    func bounds() {
        var rng = SplitMix64(seed: 7)
        let backoff = Backoff(base: 0.5, cap: 60, maxAttempts: 5)
        for attempt in 1...4 {
            for _ in 0..<2000 {
                guard case .retry(let delay) = backoff.decision(afterAttempt: attempt, using: &rng) else {
                    Issue.record("attempt \(attempt) gave up early")
                    return
                }
                #expect(delay >= 0 && delay <= backoff.ceiling(afterAttempt: attempt))
            }
        }
    }

    @Test("the fifth failed attempt gives up by default")
    func givesUp() {
        var rng = SplitMix64(seed: 1)
        let backoff = Backoff()
        #expect(backoff.maxAttempts == 5)
        if case .giveUp = backoff.decision(afterAttempt: 4, using: &rng) { Issue.record("gave up at 4") }
        #expect(backoff.decision(afterAttempt: 5, using: &rng) == .giveUp)
    }

    @Test("full jitter spreads delays evenly over the whole range")
    func jitterIsSpread() {
        var rng = SplitMix64(seed: 42)
        let backoff = Backoff(base: 1, cap: 300, maxAttempts: 10)
        let ceiling = backoff.ceiling(afterAttempt: 4)
        var buckets = [Int](repeating: 0, count: 10)
        let samples = 20_000
        for _ in 0..<samples {
            guard case .retry(let delay) = backoff.decision(afterAttempt: 4, using: &rng) else { return }
            buckets[min(9, Int(delay / ceiling * 10))] += 1
        }
        // Uniform: each tenth holds 2,000 ± a generous 10%; a fixed or half-jitter delay would
        // leave most tenths empty.
        for count in buckets { #expect((1800...2200).contains(count), "bucket counts \(buckets)") }
    }
}
