import DealSyncControl
@testable import DealSyncDaemon
import Foundation
import Glibc
import ServiceLifecycle
import Testing

/// The socket file: a crashed daemon's leftover is replaced, a live daemon is never displaced,
/// the file gets mode 0660 and its group, and goes away on shutdown.
@Suite("Control server socket file", .serialized)
struct ControlServerSocketFileTests {
    @Test("a stale socket file (nobody listening) is replaced")
    func staleSocketReplaced() async throws {
        let path = makeControlSocketPath()
        try makeParent(of: path)
        let stale = try bindWithoutListening(at: path)
        defer { close(stale) }
        try await withControlServer(path: path) { path in
            let info = try await ControlClient(socketPath: path).callDetached(VersionCommand())
            #expect(info.version == "test-1")
        }
    }

    @Test("a live daemon's socket is refused, and that daemon keeps serving")
    func liveSocketRefused() async throws {
        try await withControlServer { path in
            let second = try ControlServer(
                configuration: .init(socketPath: path), commands: testCommandTable(), logger: quietLogger())
            await #expect(throws: ControlServerError.alreadyRunning(path: path)) { try await second.bind() }
            let info = try await ControlClient(socketPath: path).callDetached(VersionCommand())
            #expect(info.version == "test-1")
        }
    }

    @Test("a regular file at the socket path is left alone")
    func regularFileKept() async throws {
        let path = makeControlSocketPath()
        try makeParent(of: path)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let server = try ControlServer(configuration: .init(socketPath: path), commands: testCommandTable(), logger: quietLogger())
        await #expect(throws: ControlServerError.notASocket(path: path)) { try await server.bind() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test("the socket is mode 0660 and removed on shutdown")
    func modeAndCleanup() async throws {
        let path = try await withControlServer { path in
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)
            return path
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("graceful shutdown of the service group ends cleanly even with a client still connected")
    func gracefulShutdownWithIdleClient() async throws {
        let path = makeControlSocketPath()
        let server = try ControlServer(configuration: .init(socketPath: path), commands: testCommandTable(), logger: quietLogger())
        let group = ServiceGroup(services: [server], logger: quietLogger())
        try await server.bind()
        let running = Task { try await group.run() }
        // Given a client that connected, was served, and now idles with its connection open
        let idle = try await ControlClient.offPool { () -> HandOver in
            let connection = try ControlConnection(socketPath: path)
            _ = try connection.roundTrip(ControlRequest(id: 1, VersionCommand()))
            return HandOver(connection)
        }
        defer { idle.connection.close() }
        // When the group shuts down gracefully
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        // Then the server returns without an error, promptly, and its socket file is gone
        try await running.value
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("shutting down while clients keep connecting ends cleanly (no accepted connection is dropped unserved)")
    func shutdownDuringConnectBurst() async throws {
        for _ in 0..<5 {
            let path = makeControlSocketPath()
            let server = try ControlServer(configuration: .init(socketPath: path), commands: testCommandTable(), logger: quietLogger())
            let group = ServiceGroup(services: [server], logger: quietLogger())
            try await server.bind()
            let running = Task { try await group.run() }
            // Given a burst of clients connecting and sending a request
            let burst = Task {
                try? await ControlClient.offPool {
                    for _ in 0..<64 {
                        guard let connection = try? ControlConnection(socketPath: path) else { continue }
                        try? connection.sendRaw(Array((#"{"id":1,"cmd":"version"}"# + "\n").utf8))
                        connection.close()
                    }
                }
            }
            // When the group shuts down in the middle of it
            try await Task.sleep(for: .milliseconds(2))
            await group.triggerGracefulShutdown()
            // Then the server ends without an error (and the process without a trap)
            try await running.value
            await burst.value
        }
    }

    @Test("with admin_group the socket belongs to that group")
    func adminGroupOwnsSocket() async throws {
        let group = try #require(getgrgid(getgid())?.pointee.gr_name.map { String(cString: $0) })
        try await withControlServer(configuration: { $0.adminGroup = group }) { path in
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_gid == getgid())
        }
    }

    @Test("an admin_group that does not exist stops start-up with a clear error")
    func unknownGroup() {
        #expect(throws: ControlServerError.unknownGroup("no-such-group-dealsync")) {
            try ControlServer(
                configuration: .init(socketPath: makeControlSocketPath(), adminGroup: "no-such-group-dealsync"),
                commands: testCommandTable(), logger: quietLogger())
        }
    }

    private func makeParent(of path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }

    /// What a crashed daemon leaves behind: a socket file nobody accepts on.
    private func bindWithoutListening(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(rc == 0)
        return fd
    }
}
