import DealSyncControl
import Foundation

/// What the daemon writes to the audit log for one write command: who, what, with which
/// arguments, and how it ended. Denied attempts are recorded too.
public struct ControlAuditEntry: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        case succeeded
        case denied
        case failed(ControlError.Code)

        public var description: String {
            switch self {
            case .succeeded: "succeeded"
            case .denied: "denied"
            case .failed(let code): "failed:\(code)"
            }
        }
    }

    public var caller: ControlCaller
    public var command: String
    public var arguments: [String: ControlValue]
    public var outcome: Outcome
    public var at: Date

    public init(caller: ControlCaller, command: String, arguments: [String: ControlValue], outcome: Outcome, at: Date) {
        self.caller = caller
        self.command = command
        self.arguments = arguments
        self.outcome = outcome
        self.at = at
    }
}

/// Supplied by the daemon to append an entry to the store's audit log. Called once per write
/// command after it finished or was denied, never for read commands. A failure is logged;
/// it does not change the reply, because the command has already taken effect.
public typealias ControlAuditHook = @Sendable (ControlAuditEntry) async throws -> Void
