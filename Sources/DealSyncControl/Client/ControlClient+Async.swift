import Foundation

extension ControlClient {
    /// `reply(to:)` for async code (tests, tools): the blocking socket calls run on a thread of
    /// their own, so waiting for the daemon never holds one of the few threads of Swift's
    /// cooperative pool, which a daemon in the same process may need to answer. (Named apart
    /// from the blocking call so existing async callers of that one keep compiling.)
    public func replyDetached<C: ControlCommand>(to command: C) async throws -> ControlReply {
        try await Self.offPool { try self.reply(to: command) }
    }

    /// `call(_:)` for async code; see `replyDetached(to:)`.
    public func callDetached<C: ControlCommand>(_ command: C) async throws -> C.Result {
        try await replyDetached(to: command).result(as: C.Result.self)
    }

    /// Runs blocking `work` on a fresh thread and resumes with its outcome.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
