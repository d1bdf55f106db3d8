import DealSyncControl
@testable import DealSyncDaemon
import Foundation
import Glibc
import Logging
import ServiceLifecycle
import Testing

/// The control socket over a real Unix socket: whatever a client sends, it gets an error reply
/// and the connection (and the server) keep working.
@Suite("Control server protocol", .serialized)
struct ControlServerTests {
    @Test("a typed command round-trips through the client")
    func typedRoundTrip() async throws {
        try await withControlServer { path in
            let info = try await ControlClient(socketPath: path).callDetached(VersionCommand())
            #expect(info == VersionInfo(version: "test-1"))
        }
    }

    @Test("malformed JSON gets bad_request and the same connection keeps working")
    func malformedJSON() async throws {
        try await withControlServer { path in
            let replies = try await exchange(path, ["{not json\n", "[1,2]\n", #"{"id":2,"cmd":"version"}"# + "\n"])
            #expect(replies[0].id == .null)
            #expect(replies[0].errorCode == .badRequest)
            #expect(replies[1].errorCode == .badRequest)
            #expect(replies[2].isOK && replies[2].id == 2)
        }
    }

    @Test("an unknown command gets unknown_command with the request's id")
    func unknownCommand() async throws {
        try await withControlServer { path in
            let replies = try await exchange(path, [#"{"id":"x1","cmd":"launch-rockets"}"# + "\n"])
            #expect(replies[0].id == "x1")
            #expect(replies[0].errorCode == .unknownCommand)
        }
    }

    @Test("a missing argument is a bad_request naming it")
    func missingArgument() async throws {
        try await withControlServer { path in
            let replies = try await exchange(path, [#"{"id":1,"cmd":"pause","org":"acme"}"# + "\n"])
            guard case .failure(let error) = replies[0].outcome else { Issue.record("expected an error"); return }
            #expect(error.code == .badRequest)
            #expect(error.message.contains("source"))
        }
    }

    @Test("a line over 1 MiB gets too_large, then a valid request on the same connection works")
    func oversizedLine() async throws {
        try await withControlServer { path in
            let replies = try await ControlClient.offPool {
                let connection = try ControlConnection(socketPath: path, timeout: .seconds(20))
                defer { connection.close() }
                let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
                for _ in 0..<17 { try connection.sendRaw(chunk) }   // 1.0625 MiB, no newline yet
                try connection.sendRaw(Array("\n".utf8) + Array(#"{"id":9,"cmd":"version"}"#.utf8) + [0x0A])
                return [try connection.readReply(), try connection.readReply()]
            }
            #expect(replies[0].errorCode == .tooLarge)
            #expect(replies[1].isOK && replies[1].id == 9)
        }
    }

    @Test("a client that disconnects mid-line does no harm; the next client is served")
    func disconnectMidLine() async throws {
        try await withControlServer { path in
            try await ControlClient.offPool {
                for _ in 0..<5 {
                    let connection = try ControlConnection(socketPath: path)
                    try connection.sendRaw(Array(#"{"id":1,"cmd":"vers"#.utf8))
                    connection.close()
                }
            }
            let info = try await ControlClient(socketPath: path).callDetached(VersionCommand())
            #expect(info.version == "test-1")
        }
    }

    @Test("a client that half-closes after its request still gets the reply")
    func halfClose() async throws {
        try await withControlServer { path in
            let reply = try await ControlClient.offPool {
                let connection = try ControlConnection(socketPath: path)
                defer { connection.close() }
                try connection.sendRaw(Array((#"{"id":5,"cmd":"version"}"# + "\n").utf8))
                connection.finishSending()
                return try connection.readReply()
            }
            #expect(reply.isOK && reply.id == 5)
        }
    }

    @Test("handler errors become replies: ControlError keeps its code, others are internal")
    func handlerErrors() async throws {
        try await withControlServer { path in
            let replies = try await exchange(path, [
                #"{"id":1,"cmd":"missing-thing"}"# + "\n",
                #"{"id":2,"cmd":"boom"}"# + "\n",
                #"{"id":3,"cmd":"version"}"# + "\n",
            ])
            #expect(replies[0].errorCode == .notFound)
            #expect(replies[1].errorCode == .internal)
            #expect(replies[2].isOK)
        }
    }

    @Test("a connection over the limit is told unavailable; a freed slot is served again")
    func connectionLimit() async throws {
        try await withControlServer(configuration: { $0.maxConnections = 2 }) { path in
            let held = try await ControlClient.offPool {
                try (0..<2).map { _ in
                    let connection = try ControlConnection(socketPath: path)
                    _ = try connection.roundTrip(ControlRequest(id: 1, VersionCommand()))
                    return HandOver(connection)
                }
            }
            let refused = try await ControlClient.offPool {
                let connection = try ControlConnection(socketPath: path)
                defer { connection.close() }
                return try connection.readReply()
            }
            #expect(refused.errorCode == .unavailable)
            held[0].connection.close()
            // The slot comes back once the server notices the close; poll briefly.
            var served = false
            for _ in 0..<50 where !served {
                served = (try? await ControlClient(socketPath: path, timeout: .seconds(1)).callDetached(VersionCommand())) != nil
                if !served { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(served)
            held[1].connection.close()
        }
    }

    @Test("an idle connection is closed after the idle timeout")
    func idleTimeout() async throws {
        try await withControlServer(configuration: { $0.idleTimeout = .milliseconds(200) }) { path in
            let outcome = try await ControlClient.offPool { () -> ControlClientError? in
                let connection = try ControlConnection(socketPath: path, timeout: .seconds(5))
                defer { connection.close() }
                do {
                    _ = try connection.readLine()
                    return nil
                } catch let error as ControlClientError {
                    return error
                }
            }
            #expect(outcome == .connectionClosed(path: path))
        }
    }

    @Test("many concurrent clients each get their own answers")
    func concurrentClients() async throws {
        try await withControlServer { path in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<24 {
                    group.addTask {
                        let lines = (0..<5).map { #"{"id":\#($0),"cmd":"echo","client":\#(client)}"# + "\n" }
                        let replies = try await exchange(path, lines)
                        for (i, reply) in replies.enumerated() {
                            #expect(reply.id == .int(Int64(i)))
                            #expect(try reply.result(as: ControlValue.self)["client"] == .int(Int64(client)))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

// MARK: - Harness shared by the ControlServer*Tests files

/// A fresh socket path in a directory of its own, short enough for `sun_path`.
func makeControlSocketPath() -> String {
    "/tmp/dscs-\(UInt32.random(in: 0...UInt32.max))/control.sock"
}

func quietLogger() -> Logger { Logger(label: "test.control") { _ in SwiftLogNoOpLogHandler() } }

/// Commands for protocol tests: `version`, `pause` (write), `echo` (returns its arguments),
/// `boom` (fails unexpectedly) and `missing-thing` (a `not_found`).
func testCommandTable() -> ControlCommandTable {
    struct Boom: Error {}
    var table = ControlCommandTable()
    table.register(VersionCommand.self) { _, _ in VersionInfo(version: "test-1") }
    table.register(PauseCommand.self) { command, _ in ControlAck("paused \(command.org)/\(command.source)") }
    table.register("echo", access: .read) { request, _ in .object(request.arguments) }
    table.register("boom", access: .read) { _, _ in throw Boom() }
    table.register("missing-thing", access: .read) { _, _ in throw ControlError.notFound("no such thing") }
    return table
}

/// Binds a server at `path`, runs it in a service group while `body` runs, then shuts the group
/// down gracefully, as SIGTERM does in the daemon.
func withControlServer<T: Sendable>(
    path: String = makeControlSocketPath(),
    table: ControlCommandTable = testCommandTable(),
    configuration: (inout ControlServerConfiguration) -> Void = { _ in },
    audit: ControlAuditHook? = nil,
    _ body: (String) async throws -> T
) async throws -> T {
    var settings = ControlServerConfiguration(socketPath: path)
    configuration(&settings)
    let server = try ControlServer(configuration: settings, commands: table, audit: audit, logger: quietLogger())
    try await server.bind()
    let group = ServiceGroup(services: [server], logger: quietLogger())
    let running = Task { try await group.run() }
    let result: Result<T, any Error>
    do {
        result = .success(try await body(path))
    } catch {
        result = .failure(error)
    }
    await group.triggerGracefulShutdown()
    try await running.value
    return try result.get()
}

/// Sends each line on one connection and reads one reply after each.
func exchange(_ path: String, _ lines: [String]) async throws -> [ControlReply] {
    try await ControlClient.offPool {
        let connection = try ControlConnection(socketPath: path)
        defer { connection.close() }
        return try lines.map { line in
            try connection.sendRaw(Array(line.utf8))
            return try connection.readReply()
        }
    }
}

extension ControlReply {
    var errorCode: ControlError.Code? {
        if case .failure(let error) = outcome { error.code } else { nil }
    }
}

/// Carries a connection from the helper thread that opened it to the test, which then owns it.
/// Unchecked because `ControlConnection` is single-owner: it is never used by both at once.
final class HandOver: @unchecked Sendable {
    let connection: ControlConnection
    init(_ connection: ControlConnection) { self.connection = connection }
}
