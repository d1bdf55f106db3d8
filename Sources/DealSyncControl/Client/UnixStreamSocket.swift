#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `close` at file scope, since the class's own `close()` shadows it inside the type.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

/// A connected, blocking Unix stream socket with per-call timeouts. Written on the C socket API
/// because `dealsyncctl` must stay free of NIO and the daemon's dependencies.
/// Not thread-safe: one owner uses it for one conversation.
final class UnixStreamSocket {
    private var fd: Int32
    let path: String

    /// Connects to `path`, turning the usual failures into errors that say what to check.
    init(connectingTo path: String) throws(ControlClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else { throw .pathTooLong(path: path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }

        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .system(call: "socket", errno: errno) }

        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            closeDescriptor(fd)
            switch code {
            case ENOENT, ENOTDIR: throw .socketMissing(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            case ECONNREFUSED: throw .notListening(path: path)
            default: throw .system(call: "connect", errno: code)
            }
        }
        self.fd = fd
        self.path = path
    }

    deinit { close() }

    func close() {
        if fd >= 0 {
            closeDescriptor(fd)
            fd = -1
        }
    }

    /// Tells the peer nothing more will be sent (a half close); replies can still be read.
    func shutdownWriting() {
        if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) }
    }

    /// Writes all of `bytes` or throws; never raises SIGPIPE when the daemon hung up.
    func write(_ bytes: [UInt8], timeout: Duration) throws(ControlClientError) {
        try setTimeout(SO_SNDTIMEO, timeout)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(path: path) }
                if code == EPIPE || code == ECONNRESET { throw .connectionClosed(path: path) }
                throw .system(call: "send", errno: code)
            }
            offset += n
        }
    }

    /// Reads what is available (at least one byte), waiting at most `timeout`.
    /// Returns an empty array when the peer closed the connection.
    func read(maxBytes: Int = 64 * 1024, timeout: Duration) throws(ControlClientError) -> [UInt8] {
        try setTimeout(SO_RCVTIMEO, timeout)
        var chunk = [UInt8](repeating: 0, count: maxBytes)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n >= 0 { return Array(chunk[..<n]) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(path: path) }
            if code == ECONNRESET { return [] }
            throw .system(call: "recv", errno: code)
        }
    }

    private func setTimeout(_ option: Int32, _ timeout: Duration) throws(ControlClientError) {
        let (seconds, attoseconds) = timeout.components
        // A zero timeval means "wait forever" to the kernel, so round tiny timeouts up.
        var tv = timeval(tv_sec: Int(max(0, seconds)), tv_usec: Int(max(0, attoseconds / 1_000_000_000_000)))
        if tv.tv_sec == 0 && tv.tv_usec == 0 { tv.tv_usec = 1 }
        guard setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw .system(call: "setsockopt", errno: errno)
        }
    }
}
