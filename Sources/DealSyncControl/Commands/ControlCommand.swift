/// Whether a command only looks, or changes what the daemon does. Write commands need a caller
/// that is root, the daemon's own user or in the configured admin group, and are audited.
public enum ControlAccess: String, Sendable, Codable, Hashable {
    case read, write
}

/// A typed control-socket command shared by daemon and client. Its stored properties are the
/// request's arguments (snake_case on the wire); `Result` is what a successful reply carries.
public protocol ControlCommand: Codable, Sendable {
    associatedtype Result: Codable & Sendable
    /// The `cmd` string on the wire, e.g. `dead-letter.retry`.
    static var name: String { get }
    static var access: ControlAccess { get }
    /// Checks rules between arguments that the types cannot express ("exactly one of").
    /// Runs on both sides: the CLI before sending, the daemon before the handler.
    func validate() throws
}

extension ControlCommand {
    public func validate() throws {}
}

/// The reply of a write command that has nothing more to report than what it did.
public struct ControlAck: Codable, Sendable, Hashable {
    /// One human sentence, printed by `dealsyncctl` as is ("paused acme/hubspot").
    public var message: String
    /// Anything a script may want (a job id, a count); free-form.
    public var details: [String: ControlValue]?

    public init(_ message: String, details: [String: ControlValue]? = nil) {
        self.message = message
        self.details = details
    }
}

/// Every command the protocol defines, for help texts and for the daemon to check that its
/// table covers the protocol.
public enum ControlCommands {
    public static let all: [any ControlCommand.Type] = [
        VersionCommand.self, StatusCommand.self, SourcesCommand.self, HealthCommand.self,
        PauseCommand.self, ResumeCommand.self, ResyncCommand.self, ReloadCommand.self,
        QueueCommand.self, DeadLetterListCommand.self, DeadLetterRetryCommand.self, DeadLetterDropCommand.self,
        ConflictsListCommand.self, ConflictsResolveCommand.self, AuditVerifyCommand.self,
        ReviewListCommand.self, ReviewApproveCommand.self, ReviewRejectCommand.self, ScoreCommand.self,
    ]

    /// The access level the protocol assigns to `name`, or nil for an unknown command.
    public static func access(of name: String) -> ControlAccess? {
        all.first { $0.name == name }?.access
    }
}
