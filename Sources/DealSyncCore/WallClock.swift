import Foundation

/// The wall-clock time, injected wherever time decides behaviour (job readiness, backoff,
/// budgets, audit stamps), so tests can drive it by hand instead of sleeping.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The operating system's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
