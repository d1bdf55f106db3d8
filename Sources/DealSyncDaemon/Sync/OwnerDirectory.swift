import DealSyncConnectors
import DealSyncCore
import DealSyncSync
import Logging

/// Joins the CRMs' users on their email, so a deal owned by Ana in one CRM is given to Ana's
/// user in the others (`mappings/owners.yaml` only has to name people whose emails differ).
enum OwnerDirectory {
    /// Reads every CRM's user list once, each within `timeout`: start-up waits for it, and a CRM
    /// that cannot be read now contributes nothing (its owners keep their prefixed CRM ids, as
    /// with no map at all, and are joined after the next restart or reload).
    static func learn(from connectors: [any CRMConnector], timeout: Duration = .seconds(10), logger: Logger) async -> OwnerMap {
        await withTaskGroup(of: OwnerMap.self) { group in
            for connector in connectors {
                group.addTask {
                    do {
                        let users = try await withDeadline(timeout) { try await connector.users() }
                        return OwnerMap(users.map { OwnerMap.Owner(key: $0.email, ids: [connector.crm: $0.id]) })
                    } catch {
                        logger.warning("could not read the CRM's users; its owners stay unmapped",
                                       metadata: ["crm": "\(connector.crm)", "error": "\(error)"])
                        return OwnerMap()
                    }
                }
            }
            var learned = OwnerMap()
            for await map in group { learned = learned.merging(map) }
            return learned
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String { "no answer in time" }
    }

    static func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TimedOut()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
