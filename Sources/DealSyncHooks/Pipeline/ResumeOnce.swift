import Synchronization

/// Resumes a continuation exactly once, whichever of the racing tasks finishes first.
/// A `Mutex` rather than an actor: the continuation must be armed synchronously inside
/// `withCheckedThrowingContinuation`, before either racer can finish.
final class ResumeOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var pending: Result<T, any Error>?
        var finished = false
        var onFinish: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    func arm(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { s -> Result<T, any Error>? in
            if let pending = s.pending { return pending }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.finished { return true }
            s.onFinish.append(action)
            return false
        }
        if runNow { action() }
    }

    func resume(with result: Result<T, any Error>) {
        let (continuation, actions) = state.withLock { s -> (CheckedContinuation<T, any Error>?, [@Sendable () -> Void]) in
            guard !s.finished else { return (nil, []) }
            s.finished = true
            let c = s.continuation
            s.continuation = nil
            if c == nil { s.pending = result }
            let a = s.onFinish
            s.onFinish = []
            return (c, a)
        }
        continuation?.resume(with: result)
        actions.forEach { $0() }
    }
}
