import NIOCore
import Synchronization

/// The control connections being served, so shutdown can close them all and a limit can be
/// kept. Shutdown closes channels instead of cancelling the accept loop: cancelling it would drop
/// connections NIO has accepted but not yet handed over, which NIO treats as a programming
/// error (swift-nio#2637) and traps on.
final class OpenConnections: Sendable {
    enum Admission: Sendable, Equatable {
        case serve
        case overLimit
        case stopping
    }

    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var stopping = false
    }

    let limit: Int
    // A Mutex because the accept loop admits, connection tasks release and the shutdown handler
    // stops, each from its own task.
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0, "the control connection limit must be positive")
        self.limit = limit
    }

    /// Takes a slot for `channel`, unless the limit is reached or shutdown has begun.
    func admit(_ channel: any Channel) -> Admission {
        state.withLock { state in
            if state.stopping { return .stopping }
            if state.channels.count >= limit { return .overLimit }
            state.channels[ObjectIdentifier(channel)] = channel
            return .serve
        }
    }

    func release(_ channel: any Channel) {
        _ = state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Marks shutdown and closes every open connection; later arrivals are turned away.
    func stop() {
        let open = state.withLock { state in
            state.stopping = true
            return Array(state.channels.values)
        }
        for channel in open { channel.close(promise: nil) }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }
    var count: Int { state.withLock { $0.channels.count } }
}
