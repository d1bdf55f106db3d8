#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Sends `sd_notify(3)` messages to the service manager over `$NOTIFY_SOCKET`.
///
/// Written by hand (about 60 lines) rather than linking libsystemd: the protocol is one
/// datagram of `KEY=VALUE` lines to a Unix socket, and a C dependency would make the
/// build need libsystemd-dev. Names starting with `@` are Linux abstract sockets (the `@`
/// becomes a leading NUL byte). Without `NOTIFY_SOCKET` (not run by systemd) every call is
/// a no-op, so the daemon runs the same way in a terminal.
public struct SystemdNotifier: Sendable {
    /// The socket path as given in the environment, or nil when not supervised.
    public let socketPath: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"]
        socketPath = (path?.isEmpty ?? true) ? nil : path
    }

    public var isEnabled: Bool { socketPath != nil }

    /// Sends one message (lines joined with `\n`). Returns false if it could not be delivered;
    /// failures are not fatal, since the service works without a manager listening.
    @discardableResult
    public func notify(_ lines: [String]) -> Bool {
        guard let socketPath else { return false }
        return Self.send(lines.joined(separator: "\n"), to: socketPath)
    }

    @discardableResult
    public func ready(status: String) -> Bool { notify(["READY=1", "STATUS=\(status)"]) }

    /// `RELOADING=1` must carry the monotonic time so systemd can match the later `READY=1`.
    @discardableResult
    public func reloading() -> Bool { notify(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())", "STATUS=reloading configuration"]) }

    @discardableResult
    public func stopping() -> Bool { notify(["STOPPING=1", "STATUS=stopping: finishing in-flight work"]) }

    @discardableResult
    public func status(_ text: String) -> Bool { notify(["STATUS=\(text)"]) }

    @discardableResult
    public func watchdog() -> Bool { notify(["WATCHDOG=1"]) }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd uses for `MONOTONIC_USEC`.
    public static func monotonicMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
    }

    private static func send(_ message: String, to path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(path.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        // Abstract names are exactly as long as given; filesystem paths include their terminator.
        let length = MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1)

        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bytes.withUnsafeBytes { buffer in
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), sa, socklen_t(length))
                }
            }
        }
        return sent == bytes.count
    }
}
