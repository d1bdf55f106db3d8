#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the client could not get a reply. Each case says what an operator should check.
public enum ControlClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case socketMissing(path: String)
    case permissionDenied(path: String)
    /// The file exists but nobody listens: the daemon stopped without removing it.
    case notListening(path: String)
    case pathTooLong(path: String)
    case timedOut(path: String)
    case connectionClosed(path: String)
    case replyTooLarge(path: String)
    case malformedReply(String)
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case .socketMissing(let p):
            "control socket \(p) does not exist; is dealsyncd running? (use --socket PATH for another location)"
        case .permissionDenied(let p):
            "permission denied on control socket \(p); run as root or as a member of the daemon's admin group"
        case .notListening(let p):
            "nothing is listening on control socket \(p); dealsyncd is not running"
        case .pathTooLong(let p):
            "control socket path is too long for a Unix socket (max 107 bytes): \(p)"
        case .timedOut(let p):
            "dealsyncd did not answer on \(p) in time"
        case .connectionClosed(let p):
            "dealsyncd closed the connection on \(p) before replying"
        case .replyTooLarge(let p):
            "the reply from \(p) exceeded the client's size limit"
        case .malformedReply(let why):
            "dealsyncd sent a reply that is not valid: \(why)"
        case .system(let call, let code):
            "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
