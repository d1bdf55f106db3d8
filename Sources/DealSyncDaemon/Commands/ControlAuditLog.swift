import DealSyncControl
import Logging

/// Records every control write command (caller uid, command, arguments, outcome).
enum ControlAuditLog {
    static func hook(logger: Logger) -> ControlAuditHook {
        { entry in
            logger.notice(
                "control write command",
                metadata: [
                    LogKeys.command: "\(entry.command)", LogKeys.peerUID: "\(entry.caller.uid)",
                    "peer.pid": "\(entry.caller.pid)", "outcome": "\(entry.outcome)",
                    "arguments": "\(entry.arguments.keys.sorted().map { "\($0)=\(entry.arguments[$0].map { "\($0)" } ?? "")" }.joined(separator: ","))",
                ])
        }
    }
}
