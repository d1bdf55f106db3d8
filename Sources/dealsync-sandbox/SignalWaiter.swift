import Dispatch
import Foundation

/// Turns the first of some signals into an awaitable event. The default handlers are replaced
/// before the server starts, so a SIGTERM during start-up is not lost.
struct SignalWaiter: Sendable {
    private let stream: AsyncStream<Int32>
    // The sources must stay alive for as long as we wait; they are only touched on their queue.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler { continuation.yield(signo) }
            source.resume()
            return source
        }
    }

    func wait() async {
        for await _ in stream { return }
    }
}
