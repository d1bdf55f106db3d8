/// Why the control socket could not be opened. Each message names the path or group and what
/// to do, since it ends the daemon's start-up.
public enum ControlServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process answers on the socket: most likely a second dealsyncd.
    case alreadyRunning(path: String)
    /// The path exists and is not a socket; we never delete someone else's file.
    case notASocket(path: String)
    case unknownGroup(String)
    case cannotPrepare(path: String, reason: String)
    case cannotBind(path: String, reason: String)
    case cannotSetPermissions(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let p):
            "control socket \(p) is in use by a running process (another dealsyncd?); stop it or choose another control_socket"
        case .notASocket(let p):
            "control socket path \(p) exists and is not a socket; remove it or choose another control_socket"
        case .unknownGroup(let g):
            "admin_group '\(g)' does not exist in the group database"
        case .cannotPrepare(let p, let r):
            "cannot prepare control socket \(p): \(r)"
        case .cannotBind(let p, let r):
            "cannot listen on control socket \(p): \(r)"
        case .cannotSetPermissions(let p, let r):
            "cannot set owner group or mode of control socket \(p): \(r)"
        }
    }
}
