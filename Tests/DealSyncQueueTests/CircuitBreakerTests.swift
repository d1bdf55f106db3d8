import DealSyncQueue
import Foundation
import Testing

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    @Test("closed → open after the threshold → half-open probe → closed on success")
    func recovers() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: 30)
        for i in 0..<2 {
            breaker.recordFailure(now: t0.addingTimeInterval(Double(i)))
            #expect(breaker.state == .closed)
        }
        breaker.recordFailure(now: t0.addingTimeInterval(2))
        #expect(breaker.state == .open(until: t0.addingTimeInterval(32)))
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(31)) == false)
        // After the open period exactly one probe goes through.
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(32)) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(33)) == false)
        breaker.recordSuccess()
        #expect(breaker.state == .closed)
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(34)) == true)
    }

    @Test("a failed probe reopens for twice as long, up to the maximum")
    func failedProbe() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 10, maxOpenDuration: 25)
        breaker.recordFailure(now: t0)
        #expect(breaker.retryAt == t0.addingTimeInterval(10))
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(10)) == true)
        breaker.recordFailure(now: t0.addingTimeInterval(11))
        #expect(breaker.state == .open(until: t0.addingTimeInterval(31)))
        #expect(breaker.allowRequest(now: t0.addingTimeInterval(31)) == true)
        breaker.recordFailure(now: t0.addingTimeInterval(32))
        #expect(breaker.state == .open(until: t0.addingTimeInterval(57)))
        #expect(breaker.stateName == "open")
    }

    @Test("a success resets the consecutive-failure count")
    func successResets() {
        var breaker = CircuitBreaker(failureThreshold: 3)
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        breaker.recordSuccess()
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 2)
    }
}
