import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// (Same as DealSyncDaemonTests/NotifySocket.swift; test targets share no code.)
/// A stand-in for systemd's end of `NOTIFY_SOCKET`: a bound datagram socket (a file path or a
/// Linux abstract name) that collects the messages sent to it.
// @unchecked Sendable: the descriptor is only read by one waiter at a time (each test awaits
// its waits in sequence), and closed in deinit when no waiter can remain.
final class DaemonNotifySocket: @unchecked Sendable {
    let fd: Int32
    /// The value to put in `NOTIFY_SOCKET` (`@name` for abstract sockets).
    let address: String
    private let path: String?

    init(abstract: Bool) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        let name = "dealsync-test-\(UUID().uuidString.prefix(8))"
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes: [UInt8]
        if abstract {
            address = "@" + name
            path = nil
            bytes = [0] + Array(name.utf8)
        } else {
            let p = NSTemporaryDirectory() + name + ".sock"
            address = p
            path = p
            bytes = Array(p.utf8) + [0]
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// Waits for a message containing `line` (e.g. `READY=1`), returning it and the messages
    /// skipped on the way; nil after `timeout`. The blocking poll runs off the cooperative
    /// pool, so in-process daemons in the same test run are not starved meanwhile.
    func waitFor(_ line: String, timeout: Duration) async -> (message: String, skipped: [String])? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.blockingWait(line, timeout: timeout)) }
        }
    }

    private func blockingWait(_ line: String, timeout: Duration) -> (message: String, skipped: [String])? {
        let deadline = ContinuousClock.now + timeout
        var skipped: [String] = []
        while ContinuousClock.now < deadline {
            guard let message = receive(timeout: deadline - ContinuousClock.now) else { return nil }
            if message.split(separator: "\n").contains(Substring(line)) { return (message, skipped) }
            skipped.append(message)
        }
        return nil
    }

    /// The next datagram, or nil after `timeout` without one.
    func receive(timeout: Duration) -> String? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        guard poll(&pfd, 1, ms) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }
}
