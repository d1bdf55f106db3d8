import DealSyncControl
import DealSyncCore
import DealSyncStore
import Foundation
import Logging

/// Appends every control write command (caller uid, command, arguments, outcome) to the store's
/// tamper-evident audit log: in the chain of the org it names, or the daemon-wide chain for
/// commands without an org (`reload`). Also logged, so journald shows who changed what.
enum ControlAuditLog {
    /// Strings as themselves, anything else as its JSON text.
    static func text(_ value: ControlValue) -> String {
        if let string = value.stringValue { return string }
        guard let data = try? JSONEncoder().encode(value) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    static func hook(store: Store, logger: Logger) -> ControlAuditHook {
        { entry in
            var details = entry.arguments.mapValues(text)
            details["outcome"] = "\(entry.outcome)"
            details["caller.pid"] = "\(entry.caller.pid)"
            let org = entry.arguments["org"]?.stringValue.map(OrgID.init) ?? .daemon
            let recorded = details
            let actor = "uid:\(entry.caller.uid)"
            let action = "control.\(entry.command)"
            logger.notice(
                "control write command",
                metadata: [
                    LogKeys.command: "\(entry.command)", LogKeys.peerUID: "\(entry.caller.uid)",
                    LogKeys.orgID: "\(org)", "outcome": "\(entry.outcome)",
                ])
            try await store.org(org).write { tx in
                _ = try tx.appendAudit(actor: actor, action: action, details: recorded)
            }
        }
    }
}
