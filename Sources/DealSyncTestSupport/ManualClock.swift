import DealSyncCore
import Foundation
import Synchronization

/// A clock that moves only when a test says so.
public final class ManualClock: WallClock {
    // Mutex makes the shared mutable time safe to read from any thread the store uses.
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
