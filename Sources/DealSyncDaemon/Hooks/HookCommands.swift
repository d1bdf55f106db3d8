import DealSyncControl
import DealSyncCore
import DealSyncStore
import DealSyncSync
import Foundation

/// The control commands over hook output: `review.list|approve|reject` and `score`.
struct HookCommands: Sendable {
    let context: DaemonContext
    let registry: HooksRegistry

    func register(into table: inout ControlCommandTable) {
        let commands = self
        table.register(ReviewListCommand.self) { command, _ in try await commands.list(command) }
        table.register(ReviewApproveCommand.self) { command, caller in
            try await commands.decide(command.review, approve: true, actor: "uid:\(caller.uid)")
        }
        table.register(ReviewRejectCommand.self) { command, caller in
            try await commands.decide(command.review, approve: false, actor: "uid:\(caller.uid)")
        }
        table.register(ScoreCommand.self) { command, _ in try await commands.score(command) }
    }

    /// Tenant orgs a command covers: the one named, or every org with rows in the store.
    func orgs(_ only: OrgID?) throws -> [OrgID] {
        let stored = try context.store.orgs().filter { $0 != .daemon }
        guard let only else { return stored }
        guard stored.contains(only) else { throw ControlError.notFound("no org \(only)") }
        return [only]
    }

    func hooks(_ org: OrgID) async throws -> OrgHooks {
        guard let hooks = try await registry.org(org, context) else {
            throw ControlError.unavailable("org \(org) has no hooks configured (orgs.\(org).hooks) or no CRM source")
        }
        return hooks
    }
}
