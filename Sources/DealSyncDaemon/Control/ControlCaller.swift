#if canImport(Glibc)
import Glibc
#endif

/// The process at the other end of a control connection, as the kernel vouches for it
/// (`SO_PEERCRED`, read once when the connection is accepted). Handlers receive it to record
/// who paused a source or resolved a conflict.
public struct ControlCaller: Sendable, Hashable, Codable, CustomStringConvertible {
    public var uid: UInt32
    public var gid: UInt32
    public var pid: Int32

    public init(uid: UInt32, gid: UInt32, pid: Int32) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
    }

    init(_ credentials: PeerCredentials) {
        self.init(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid)
    }

    public var description: String { "uid=\(uid) gid=\(gid) pid=\(pid)" }
}

/// Linux's `struct ucred` (pid, uid, gid), the value of `SO_PEERCRED`. Glibc hides the C type
/// behind `_GNU_SOURCE`, so it is mirrored here: three 32-bit fields in the kernel's order,
/// which Swift lays out exactly as C does.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
