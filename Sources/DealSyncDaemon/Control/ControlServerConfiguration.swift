#if canImport(Glibc)
import Glibc
#endif
import DealSyncControl

/// Settings of the control socket; the daemon fills them from `control_socket` and
/// `admin_group` in the config file.
public struct ControlServerConfiguration: Sendable, Hashable {
    /// Where to listen (`control_socket`). Default `/run/dealsync/control.sock`.
    public var socketPath: String
    /// Group allowed to run write commands and owning the socket file (`admin_group`).
    public var adminGroup: String?
    /// Socket file mode: owner and group may connect, others may not.
    public var socketMode: mode_t
    /// Longest request line accepted; longer ones get `too_large`.
    public var maxRequestBytes: Int
    /// Connections served at once; one more is told `unavailable` and closed, so a script that
    /// leaks connections cannot exhaust the daemon.
    public var maxConnections: Int
    /// A connection with no traffic either way for this long is closed, so leaked connections
    /// give their slot back. Generous: a command that runs longer than this is itself a bug.
    public var idleTimeout: Duration

    public init(
        socketPath: String = ControlClient.defaultSocketPath,
        adminGroup: String? = nil,
        socketMode: mode_t = 0o660,
        maxRequestBytes: Int = LineFramer.defaultMaxLineBytes,
        maxConnections: Int = 128,
        idleTimeout: Duration = .seconds(600)
    ) {
        self.socketPath = socketPath
        self.adminGroup = adminGroup
        self.socketMode = socketMode
        self.maxRequestBytes = maxRequestBytes
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }
}
