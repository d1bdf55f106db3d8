import Foundation

/// How bad one condition is. `info` is shown but never fails a health check.
public enum HealthSeverity: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case info, warning, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (a: HealthSeverity, b: HealthSeverity) -> Bool { a.rank < b.rank }
}

/// One coded condition from the daemon's health registry (`source.auth_failed`, `queue.stalled`).
public struct HealthCondition: Codable, Sendable, Hashable {
    /// Stable dotted code; monitoring and runbooks match on it.
    public var code: String
    public var severity: HealthSeverity
    /// One line for a human, free of secrets and PII.
    public var message: String
    public var org: OrgID?
    public var source: SourceID?
    /// When the condition was first raised.
    public var since: Date?

    public init(
        code: String, severity: HealthSeverity, message: String,
        org: OrgID? = nil, source: SourceID? = nil, since: Date? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.org = org
        self.source = source
        self.since = since
    }
}

/// The overall verdict, in the monitoring-plugin sense.
public enum HealthStatus: String, Sendable, Codable, Hashable {
    case ok, warning, critical

    /// The worst of `conditions`; `info` counts as ok.
    public init(worstOf conditions: [HealthCondition]) {
        switch conditions.map(\.severity).max() {
        case .critical?: self = .critical
        case .warning?: self = .warning
        case .info?, nil: self = .ok
        }
    }

    /// The monitoring-plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL (3 is UNKNOWN, for when
    /// the daemon cannot be asked).
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        }
    }
}

/// The reply of `health`.
public struct HealthReport: Codable, Sendable, Hashable {
    public var status: HealthStatus
    /// What an OK line says, e.g. "3 sources syncing, queue 12".
    public var summary: String
    public var conditions: [HealthCondition]

    /// The status is derived from the conditions, so it cannot disagree with them.
    public init(summary: String, conditions: [HealthCondition]) {
        self.status = HealthStatus(worstOf: conditions)
        self.summary = summary
        self.conditions = conditions
    }
}
