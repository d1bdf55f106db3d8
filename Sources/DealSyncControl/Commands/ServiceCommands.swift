/// `version`: the daemon's version line.
public struct VersionCommand: ControlCommand {
    public typealias Result = VersionInfo
    public static let name = "version"
    public static let access = ControlAccess.read
    public init() {}
}

/// `status`: service state, uptime, sources and current health conditions.
public struct StatusCommand: ControlCommand {
    public typealias Result = StatusReport
    public static let name = "status"
    public static let access = ControlAccess.read
    /// Only this org's sources and conditions; all orgs when nil.
    public var org: OrgID?
    public init(org: OrgID? = nil) { self.org = org }
}

/// `health`: the condition registry, summarised for monitoring (`dealsyncctl health`).
public struct HealthCommand: ControlCommand {
    public typealias Result = HealthReport
    public static let name = "health"
    public static let access = ControlAccess.read
    public init() {}
}

/// `reload`: re-read config and mappings, as SIGHUP does; a bad new config keeps the old one
/// and the reply is an error naming file and key.
public struct ReloadCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "reload"
    public static let access = ControlAccess.write
    public init() {}
}
