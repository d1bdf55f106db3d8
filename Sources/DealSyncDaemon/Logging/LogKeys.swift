import Logging

/// Every structured-log metadata key the daemon uses, in one place, so log queries
/// (`journalctl -o cat | grep org.id=acme`) keep working as the code grows.
public enum LogKeys {
    public static let orgID = "org.id"
    public static let sourceID = "source.id"
    public static let jobID = "job.id"
    public static let object = "object"
    public static let configFile = "config.file"
    public static let error = "error"
    public static let signal = "signal"
    public static let command = "command"
    public static let peerUID = "peer.uid"
    public static let healthCode = "health.code"
    public static let address = "address"
    public static let durationMS = "duration_ms"
}

extension Logger {
    /// A copy of this logger bound to one org and source, for a unit of work on that source.
    public func scoped(org: String, source: String? = nil) -> Logger {
        var copy = self
        copy[metadataKey: LogKeys.orgID] = "\(org)"
        if let source { copy[metadataKey: LogKeys.sourceID] = "\(source)" }
        return copy
    }
}
