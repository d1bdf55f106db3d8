import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation

/// What conflict resolution needs to know about an org: its CRM sources (the replicas of every
/// record) and the mappings in force (policies, field types for `--value`).
struct SyncTopology: Sendable {
    var mappings: MappingSet
    var sources: [SourceID: CRMKind]
}

/// The control commands over the sync engine's data: `queue`, `dead-letter.*`, `conflicts.*`
/// and `audit.verify`. They work on the store directly, not through the workers, so they answer
/// while a source is paused, backing off or not running at all.
struct SyncCommands: Sendable {
    let store: Store
    /// The org's topology as the configuration in force says (so a reload applies); nil for an
    /// org without CRM sources.
    let topology: @Sendable (OrgID) async throws -> SyncTopology?
    /// Each running queue worker's budget and breaker, for `queue` (empty when none runs).
    var workers: @Sendable () async -> [SourceRef: SourceWorker.Status] = { [:] }

    func register(into table: inout ControlCommandTable) {
        let commands = self
        table.register(QueueCommand.self) { command, _ in try await commands.queue(command) }
        table.register(DeadLetterListCommand.self) { command, _ in try await commands.listDeadLetters(command) }
        table.register(DeadLetterRetryCommand.self) { command, _ in try await commands.retryDeadLetters(command) }
        table.register(DeadLetterDropCommand.self) { command, _ in try await commands.dropDeadLetter(command) }
        // Registered by name to take the optional `all` argument the shared request lacks
        // (settled conflicts too); the protocol's access level still applies.
        table.register(ConflictsListCommand.name, access: ConflictsListCommand.access) { request, _ in
            let command = try request.decode(ConflictsListCommand.self)
            guard let includeSettled = (request.arguments["all"] ?? .bool(false)).boolValue else {
                throw ControlError.badRequest("\(ConflictsListCommand.name): argument 'all' has the wrong type")
            }
            return try await commands.listConflicts(command, includeSettled: includeSettled)
        }
        table.register(ConflictsResolveCommand.self) { command, caller in
            try await commands.resolveConflict(command, actor: "uid:\(caller.uid)")
        }
        table.register(AuditVerifyCommand.self) { command, _ in try await commands.verifyAudit(command) }
    }

    /// The tenant orgs a command covers: the one named, or every org the store holds rows of.
    func orgs(_ only: OrgID?) throws -> [OrgID] {
        let stored = try store.orgs().filter { $0 != .daemon }
        guard let only else { return stored }
        guard stored.contains(only) else { throw ControlError.notFound("no org \(only)") }
        return [only]
    }

    /// Finds the org holding row `id` (dead letters and conflicts are numbered across orgs, so
    /// an id names exactly one) and what `fetch` read of it there.
    func locate<T: Sendable>(_ id: Int64, _ fetch: @escaping @Sendable (OrgReadTransaction) throws -> T?)
        async throws -> (org: OrgID, value: T)? {
        for org in try orgs(nil) {
            if let value = try await store.org(org).read({ tx in try fetch(tx) }) { return (org, value) }
        }
        return nil
    }

    /// An id argument as the store numbers rows; the CLI sends it as text.
    static func rowID(_ text: String, of what: String) throws -> Int64 {
        let trimmed = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let id = Int64(trimmed), id > 0 else {
            throw ControlError.badRequest("'\(text)' is not a \(what) id (a positive number)")
        }
        return id
    }

    static func iso(_ date: Date) -> ControlValue {
        .string(date.formatted(.iso8601))
    }

    static func seconds(_ interval: TimeInterval) -> ControlValue {
        .int(Int64(max(0, interval).rounded(.down)))
    }
}

extension SyncCommands {
    /// The commands for a running daemon: topology from the configuration in force.
    init(context: DaemonContext) {
        let runtime = context.runtime
        self.init(store: context.store) { org in
            let config = await runtime.config
            guard let orgConfig = config.orgs.first(where: { $0.id == org }) else { return nil }
            var sources: [SourceID: CRMKind] = [:]
            for source in orgConfig.sources where source.kind.isCRM {
                sources[source.id] = CRMKind(rawValue: source.kind.rawValue)
            }
            guard !sources.isEmpty else { return nil }
            return SyncTopology(mappings: try config.mappings ?? ShippedMappings.load(), sources: sources)
        }
    }
}
