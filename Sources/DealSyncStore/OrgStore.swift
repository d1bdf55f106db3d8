import DealSyncCore
import Foundation
import GRDB

/// One org's view of the store. Every transaction it opens is bound to the org, and every
/// operation on that transaction filters or stamps rows with it, so no code path can reach
/// another tenant's rows.
public struct OrgStore: Sendable {
    let store: Store
    public let org: OrgID

    init(store: Store, org: OrgID) {
        self.store = store
        self.org = org
    }

    /// Runs `body` in a read-only snapshot (concurrent with writes, WAL).
    public func read<T>(_ body: (OrgReadTransaction) throws -> T) throws -> T {
        try store.pool.read { db in
            try body(OrgReadTransaction(scope: OrgScope(db: db, org: org, now: store.clock.now())))
        }
    }

    /// Runs `body` in one write transaction: everything it does commits together, or, if it
    /// throws, nothing does. A change and the jobs it causes belong in the same `write`.
    @discardableResult
    public func write<T>(_ body: (OrgWriteTransaction) throws -> T) throws -> T {
        try store.pool.write { db in
            let now = store.clock.now()
            try store.ensureOrg(org, in: db, now: now)
            return try body(OrgWriteTransaction(scope: OrgScope(db: db, org: org, now: now)))
        }
    }

    /// `read` without blocking the caller's thread.
    public func read<T: Sendable>(_ body: @escaping @Sendable (OrgReadTransaction) throws -> T) async throws -> T {
        let org = org, clock = store.clock
        return try await store.pool.read { db in
            try body(OrgReadTransaction(scope: OrgScope(db: db, org: org, now: clock.now())))
        }
    }

    /// `write` without blocking the caller's thread.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (OrgWriteTransaction) throws -> T) async throws -> T {
        let org = org, store = store
        return try await store.pool.write { db in
            let now = store.clock.now()
            try store.ensureOrg(org, in: db, now: now)
            return try body(OrgWriteTransaction(scope: OrgScope(db: db, org: org, now: now)))
        }
    }

    /// Verifies this org's audit chain; nil when intact.
    public func verifyAudit() throws -> AuditBreak? {
        try store.pool.read { db in try AuditChain.verify(org: org, in: db) }
    }
}
