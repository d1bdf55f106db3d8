import DealSyncControl
import Foundation
import Glibc
import Testing

/// The client's failures must say what to check, not just "errno 2".
@Suite("Control client errors")
struct ControlClientTests {
    private func tempSocketPath() -> String {
        "/tmp/dsctl-\(UInt32.random(in: 0...UInt32.max)).sock"
    }

    /// A Unix socket bound at `path`, listening only when asked.
    private func boundSocket(at path: String, listening: Bool) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8) + [0])
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(rc == 0)
        if listening { try #require(listen(fd, 4) == 0) }
        return fd
    }

    @Test("a missing socket says so and names the path")
    func missing() {
        let path = tempSocketPath()
        #expect(throws: ControlClientError.socketMissing(path: path)) {
            try ControlClient(socketPath: path).call(StatusCommand())
        }
        #expect(ControlClientError.socketMissing(path: path).description.contains("is dealsyncd running"))
    }

    @Test("a stale socket file with nobody listening is reported as such")
    func stale() throws {
        let path = tempSocketPath()
        let fd = try boundSocket(at: path, listening: false)
        defer { close(fd); unlink(path) }
        #expect(throws: ControlClientError.notListening(path: path)) {
            try ControlClient(socketPath: path).call(VersionCommand())
        }
    }

    @Test("a daemon that never answers times out instead of hanging")
    func timeout() throws {
        let path = tempSocketPath()
        let fd = try boundSocket(at: path, listening: true)
        defer { close(fd); unlink(path) }
        let started = ContinuousClock.now
        #expect(throws: ControlClientError.timedOut(path: path)) {
            try ControlClient(socketPath: path, timeout: .milliseconds(200)).call(VersionCommand())
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a path longer than a Unix socket allows is rejected up front")
    func longPath() {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        #expect(throws: ControlClientError.pathTooLong(path: path)) {
            try ControlClient(socketPath: path).call(VersionCommand())
        }
    }

    @Test("a socket the caller may not open is a permission error", .enabled(if: getuid() != 0, "root bypasses file permissions"))
    func permissionDenied() throws {
        let path = tempSocketPath()
        let fd = try boundSocket(at: path, listening: true)
        defer { close(fd); unlink(path) }
        try #require(chmod(path, 0o000) == 0)
        #expect(throws: ControlClientError.permissionDenied(path: path)) {
            try ControlClient(socketPath: path).call(VersionCommand())
        }
    }
}
