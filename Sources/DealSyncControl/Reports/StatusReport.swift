import Foundation

/// Where the service is in its life, as systemd sees it too.
public enum ServiceState: String, Sendable, Codable, Hashable {
    case starting, ready, reloading, stopping
}

/// The reply of `status`; the daemon fills it from its config, sources and health registry.
public struct StatusReport: Codable, Sendable, Hashable {
    public var version: String
    public var state: ServiceState
    public var startedAt: Date
    public var uptimeSeconds: Double
    /// The config file in use; nil when the daemon runs without one (`--sandbox`).
    public var configPath: String?
    public var pid: Int32?
    public var sources: [SourceStatus]
    /// The health registry's current conditions (empty when all is well).
    public var conditions: [HealthCondition]

    enum CodingKeys: String, CodingKey {
        case version, state, pid, sources, conditions
        case startedAt = "started_at", uptimeSeconds = "uptime_seconds", configPath = "config_path"
    }

    public init(
        version: String, state: ServiceState, startedAt: Date, uptimeSeconds: Double,
        configPath: String?, pid: Int32?, sources: [SourceStatus], conditions: [HealthCondition]
    ) {
        self.version = version
        self.state = state
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.configPath = configPath
        self.pid = pid
        self.sources = sources
        self.conditions = conditions
    }
}

/// The reply of `version`.
public struct VersionInfo: Codable, Sendable, Hashable {
    /// The program, `dealsyncd`.
    public var name: String
    public var version: String
    public init(name: String = "dealsyncd", version: String) {
        self.name = name
        self.version = version
    }
}
