import DealSyncControl
import Foundation
import Logging
import Synchronization

/// Turns one framed line from one caller into one reply: parse, look the command up, check
/// access for writes, run the handler, audit. Every failure is a reply; nothing here can end
/// the connection.
struct ControlDispatcher: Sendable {
    let table: ControlCommandTable
    let policy: ControlPolicyBox
    let audit: ControlAuditHook?
    /// The caller's groups for admin-group checks; injected so tests need no real users.
    let callerGroups: @Sendable (ControlCaller) -> [UInt32]
    let maxRequestBytes: Int
    let logger: Logger

    func reply(to event: LineFramer.Event, from caller: ControlCaller) async -> ControlReply {
        switch event {
        case .oversized:
            logger.warning("control request too large", metadata: [LogKeys.peerUID: "\(caller.uid)"])
            return .failure(id: .null, error: .init(.tooLarge, "request line exceeds \(maxRequestBytes) bytes"))
        case .line(let bytes):
            let value: ControlValue
            do {
                value = try ControlCodec.parse(bytes)
            } catch {
                return .failure(id: .null, error: .badRequest("malformed JSON: \(ControlCodec.describe(error))"))
            }
            do {
                return await execute(try ControlRequest(parsing: value), from: caller)
            } catch {
                return .failure(id: value["id"] ?? .null, error: error)
            }
        }
    }

    func execute(_ request: ControlRequest, from caller: ControlCaller) async -> ControlReply {
        guard let entry = table.entry(named: request.command) else {
            return .failure(id: request.id, error: .init(.unknownCommand, "unknown command '\(request.command)'"))
        }
        var logger = logger
        logger[metadataKey: LogKeys.command] = "\(request.command)"
        logger[metadataKey: LogKeys.peerUID] = "\(caller.uid)"
        logger[metadataKey: LogKeys.peerPID] = "\(caller.pid)"

        if entry.access == .write {
            let policy = policy.current
            let groups = policy.needsGroups(for: .write, caller: caller) ? callerGroups(caller) : []
            if case .denied(let message) = policy.decide(access: .write, caller: caller, callerGroups: groups) {
                logger.warning("control command denied")
                await record(request, caller, .denied, logger)
                return .failure(id: request.id, error: .init(.forbidden, message))
            }
        }

        let outcome: ControlReply.Outcome
        do {
            outcome = .success(try await entry.handler(request, caller))
        } catch let error as ControlError {
            outcome = .failure(error)
        } catch {
            logger.error("control command failed", metadata: [LogKeys.error: "\(error)"])
            outcome = .failure(.init(.internal, "\(request.command) failed: \(error)"))
        }

        // The audit hook is the record of writes; these lines are for debugging only.
        if entry.access == .write {
            switch outcome {
            case .success:
                logger.debug("control command done")
                await record(request, caller, .succeeded, logger)
            case .failure(let error):
                logger.debug("control command refused", metadata: [LogKeys.errorCode: "\(error.code)"])
                await record(request, caller, .failed(error.code), logger)
            }
        }
        return ControlReply(id: request.id, outcome: outcome)
    }

    private func record(_ request: ControlRequest, _ caller: ControlCaller, _ outcome: ControlAuditEntry.Outcome, _ logger: Logger) async {
        guard let audit else { return }
        let entry = ControlAuditEntry(
            caller: caller, command: request.command, arguments: request.arguments, outcome: outcome, at: Date())
        do {
            try await audit(entry)
        } catch {
            logger.error("control audit entry not written", metadata: [LogKeys.error: "\(error)"])
        }
    }
}

/// The access policy, replaceable while the server runs (a reload may change `admin_group`).
/// A `Mutex` makes the swap safe against connections reading it concurrently.
final class ControlPolicyBox: Sendable {
    private let policy: Mutex<ControlAccessPolicy>

    init(_ policy: ControlAccessPolicy) { self.policy = Mutex(policy) }

    var current: ControlAccessPolicy { policy.withLock { $0 } }

    func replace(with new: ControlAccessPolicy) { policy.withLock { $0 = new } }
}
