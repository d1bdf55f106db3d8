import Foundation

extension ControlClient {
    /// `reply(to:)` for async code (end-to-end tests, tools): the blocking socket calls run on a
    /// thread of their own, so waiting for the daemon never holds one of the few threads of
    /// Swift's cooperative pool, which the daemon in the same process may need to answer.
    public func reply<C: ControlCommand>(to command: C) async throws -> ControlReply {
        try await Self.offPool { try self.reply(to: command) }
    }

    /// `call(_:)` for async code; see `reply(to:) async`.
    public func call<C: ControlCommand>(_ command: C) async throws -> C.Result {
        try await reply(to: command).result(as: C.Result.self)
    }

    /// Runs blocking `work` on a fresh thread and resumes with its outcome.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
