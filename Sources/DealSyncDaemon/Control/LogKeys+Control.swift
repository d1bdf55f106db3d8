/// Metadata keys of the control socket's log lines, beside the daemon's own in `LogKeys`.
extension LogKeys {
    public static let peerPID = "peer.pid"
    public static let controlSocket = "control.socket"
    public static let errorCode = "error.code"
}
