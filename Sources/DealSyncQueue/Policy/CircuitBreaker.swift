import Foundation

/// A per-source circuit breaker, driven by an injected time. After `failureThreshold` consecutive
/// failures it opens: no batches start. After `openDuration` it half-opens and lets exactly one
/// probe batch through; the probe's success closes it, its failure opens it again for twice as
/// long (up to `maxOpenDuration`), so a dead API is probed less and less often.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case closed
        case open(until: Date)
        case halfOpen
    }

    public var failureThreshold: Int
    public var openDuration: TimeInterval
    public var maxOpenDuration: TimeInterval
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    private var probeInFlight = false
    private var currentOpenDuration: TimeInterval

    public init(failureThreshold: Int = 5, openDuration: TimeInterval = 30, maxOpenDuration: TimeInterval = 600) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
        self.maxOpenDuration = maxOpenDuration
        currentOpenDuration = openDuration
    }

    /// Whether a batch may start now. In the half-open state only the first caller gets a yes
    /// (the probe) until its outcome is recorded.
    public mutating func allowRequest(now: Date) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            probeInFlight = true
            return true
        case .halfOpen:
            if probeInFlight { return false }
            probeInFlight = true
            return true
        }
    }

    /// Whether `allowRequest` would say yes now, without taking the half-open probe slot.
    public func wouldAllow(now: Date) -> Bool {
        switch state {
        case .closed: true
        case .open(let until): now >= until
        case .halfOpen: !probeInFlight
        }
    }

    /// When the breaker will next let a request through (nil: now, or after the probe returns).
    public var retryAt: Date? {
        if case .open(let until) = state { return until }
        return nil
    }

    public mutating func recordSuccess() {
        state = .closed
        consecutiveFailures = 0
        probeInFlight = false
        currentOpenDuration = openDuration
    }

    /// Records a failure that counts against the source's health (retryable errors; not
    /// validation errors or rate limits, which say nothing about the API being down).
    public mutating func recordFailure(now: Date) {
        consecutiveFailures += 1
        switch state {
        case .halfOpen:
            probeInFlight = false
            currentOpenDuration = min(maxOpenDuration, currentOpenDuration * 2)
            state = .open(until: now.addingTimeInterval(currentOpenDuration))
        case .closed where consecutiveFailures >= failureThreshold:
            state = .open(until: now.addingTimeInterval(currentOpenDuration))
        case .closed, .open:
            break
        }
    }

    /// A name for status output and metrics: `closed`, `open`, `half_open`.
    public var stateName: String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
    }
}
