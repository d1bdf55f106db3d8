import Foundation

/// The blocking client `dealsyncctl` uses: one connection per call, a timeout on each, and
/// errors that say what to check (socket missing, permission denied, daemon not running).
public struct ControlClient: Sendable {
    public static let defaultSocketPath = "/run/dealsync/control.sock"

    public var socketPath: String
    public var timeout: Duration

    public init(socketPath: String = ControlClient.defaultSocketPath, timeout: Duration = .seconds(30)) {
        self.socketPath = socketPath
        self.timeout = timeout
    }

    /// The daemon's reply to `command`, success or error, as it came (for `--json`).
    public func reply<C: ControlCommand>(to command: C) throws -> ControlReply {
        try command.validate()
        let request = try ControlRequest(id: .int(Int64(getpid())), command)
        let connection = try ControlConnection(socketPath: socketPath, timeout: timeout)
        defer { connection.close() }
        let reply = try connection.roundTrip(request)
        guard reply.id == request.id else {
            throw ControlClientError.malformedReply("reply id \(reply.id) does not match request id \(request.id)")
        }
        return reply
    }

    /// The typed result of `command`; a daemon error is thrown as `ControlError`.
    public func call<C: ControlCommand>(_ command: C) throws -> C.Result {
        try reply(to: command).result(as: C.Result.self)
    }
}
