import Foundation
import Synchronization

/// The sandbox's notion of now: the wall clock plus an offset tests can move, so token expiry,
/// rate-limit windows and daily allowances can be crossed without waiting.
public final class SandboxClock: Sendable {
    /// Read by every emulator on every request, moved by tests; a lock around one number.
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}
