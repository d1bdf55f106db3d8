import Synchronization

/// Counts open control connections against a limit. Entered on the accept loop, left by each
/// connection's task when it ends; an atomic counter keeps the two sides consistent without a lock.
final class ConnectionGate: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        precondition(limit > 0, "the control connection limit must be positive")
        self.limit = limit
    }

    /// Takes a slot, or returns false when all are taken.
    func enter() -> Bool {
        if open.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue <= limit { return true }
        open.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        return false
    }

    func leave() {
        open.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    var count: Int { open.load(ordering: .acquiring) }
}
