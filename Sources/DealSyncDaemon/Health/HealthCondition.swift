import DealSyncControl
import DealSyncCore
import Foundation

/// A stable, documented condition code for the registry's `HealthCondition`s (the shared
/// control-protocol type). Codes are strings so monitoring rules can match them and new ones
/// need no enum case; the well-known ones are listed here.
public struct HealthCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Start-up is not finished: the store is not open or a socket is not bound yet.
    public static let serviceStarting = HealthCode("service.starting")
    /// The service is draining for shutdown.
    public static let serviceStopping = HealthCode("service.stopping")
    /// The store cannot be written (disk full, read-only file system, locked).
    public static let storeReadonly = HealthCode("store.readonly")
    /// The last `reload` was rejected; the previous configuration is still in force.
    public static let configReloadFailed = HealthCode("config.reload_failed")
    /// A source's credentials were refused after a refresh; it is paused until fixed.
    public static let sourceAuthFailed = HealthCode("source.auth_failed")
    /// An operator paused a source with `dealsyncctl pause`.
    public static let sourcePaused = HealthCode("source.paused")
    /// A source's API keeps failing and its circuit breaker is open.
    public static let sourceFailing = HealthCode("source.failing")
    /// Ready jobs are not being taken.
    public static let queueStalled = HealthCode("queue.stalled")
    /// A mailbox has produced nothing for longer than expected.
    public static let mailboxSilent = HealthCode("mailbox.silent")
}

extension HealthCondition {
    /// A condition raised now. A condition is identified by code and scope, so raising the same
    /// code for the same source again replaces it rather than adding a duplicate.
    public init(_ code: HealthCode, _ severity: HealthSeverity, _ message: String, org: OrgID? = nil, source: SourceID? = nil) {
        self.init(code: code.rawValue, severity: severity, message: message, org: org, source: source, since: Date())
    }

    /// What makes two conditions "the same" for replacement and clearing.
    struct Key: Hashable, Sendable {
        var code: String
        var org: OrgID?
        var source: SourceID?
    }

    var key: Key { Key(code: code, org: org, source: source) }

    /// `code org/source: message`, the form used in `STATUS=`.
    public var summary: String {
        let scope = [org?.rawValue, source?.rawValue].compactMap { $0 }.joined(separator: "/")
        return scope.isEmpty ? "\(code): \(message)" : "\(code) \(scope): \(message)"
    }
}
