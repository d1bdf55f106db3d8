/// Tracks the parts that must be up before the daemon reports `READY=1`: the store open and
/// every socket bound. Each part marks itself ready once; waiters resume when all have.
public actor StartupGate {
    /// A part whose readiness is awaited.
    public struct Part: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let store = Part("store")
        public static let http = Part("http")
        public static let control = Part("control")
        /// The SIGHUP handler is installed, so a reload can no longer kill the process.
        public static let signals = Part("signals")
    }

    private var pending: Set<Part>
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    public init(parts: Set<Part>) {
        pending = parts
    }

    public func markReady(_ part: Part) {
        pending.remove(part)
        guard pending.isEmpty else { return }
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
    }

    public var isOpen: Bool { pending.isEmpty }

    /// The parts not yet ready, for the `service.starting` message.
    public var waitingFor: [Part] { pending.sorted { $0.name < $1.name } }

    /// Returns once every part is ready, or early when the task is cancelled (a failed start
    /// must not leave a service waiting forever); check `isOpen` after a cancellable wait.
    public func wait() async {
        if pending.isEmpty { return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if pending.isEmpty || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
