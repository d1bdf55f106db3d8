import DealSyncCore
import Foundation
import GRDB
import Synchronization

/// The one SQLite database of a `dealsyncd` process. Open it once per process (GRDB's first rule:
/// one `DatabasePool` per file) and reach every row through `org(_:)`.
///
/// Durability: the pool runs in WAL mode with `synchronous=NORMAL`. In WAL mode NORMAL only
/// skips the fsync at each commit, not at checkpoints, so a committed transaction survives a
/// process crash or SIGKILL (the WAL file is already written to the OS); only an OS crash or power
/// loss may lose the last few commits, never corrupt the file. Every remote write is idempotent
/// (DESIGN §4), so a lost tail is re-detected and re-synced rather than duplicated.
public final class Store: Sendable {
    let pool: DatabasePool
    let clock: any WallClock
    /// Orgs whose `orgs` row is known to exist, so writes insert it only once per process.
    let knownOrgs = Mutex<Set<OrgID>>([])

    init(pool: DatabasePool, clock: any WallClock) {
        self.pool = pool
        self.clock = clock
    }

    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    public static func open(path: String, clock: any WallClock = SystemWallClock()) throws -> Store {
        var config = Configuration()
        config.label = "dealsync.store"
        config.foreignKeysEnabled = true
        // Writers queue for the lock instead of failing at once; five seconds is far beyond any
        // transaction we run, so hitting it means something is stuck and should surface.
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(pool)
        return Store(pool: pool, clock: clock)
    }

    /// The handle for one org. Nothing in the store is reachable without one.
    public func org(_ id: OrgID) -> OrgStore {
        OrgStore(store: self, org: id)
    }

    /// The reserved scope for daemon-wide facts that belong to no tenant, such as the audit entry
    /// of a config reload. Its id, `_daemon`, starts with an underscore, which configured org ids
    /// may not, so it can never collide with a tenant.
    public var daemon: OrgStore { org(.daemon) }

    /// The orgs that have ever written a row, for startup recovery and `verifyAudit()`.
    public func orgs() throws -> [OrgID] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM orgs ORDER BY id").map(OrgID.init)
        }
    }

    /// A real write probe for `/readyz`: false when the disk is full, the file became read-only,
    /// or the write lock cannot be had within the busy timeout.
    public func isWritable() -> Bool {
        do {
            try pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO store_probe (id, probed_at) VALUES (1, ?)",
                               arguments: [Codec.millis(clock.now())])
            }
            return true
        } catch {
            return false
        }
    }

    /// The journal mode SQLite reports, for health output and tests (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The durability pragmas of the writer connection as SQLite reports them, for status output
    /// and tests: `journal_mode`, `synchronous` (1 = NORMAL), `foreign_keys`, `busy_timeout` (ms).
    public func settings() throws -> [String: String] {
        try pool.write { db in
            var result: [String: String] = [:]
            for name in ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"] {
                result[name] = try String.fetchOne(db, sql: "PRAGMA \(name)")
            }
            return result
        }
    }

    /// Every migration this build knows, in order; a fully migrated file has applied them all.
    public static var migrations: [String] { Schema.migrator.migrations }

    /// The schema migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Checkpoints the WAL and closes the file; the store is unusable afterwards.
    public func close() throws {
        try pool.close()
    }

    func ensureOrg(_ org: OrgID, in db: Database, now: Date) throws {
        if knownOrgs.withLock({ $0.contains(org) }) { return }
        try db.execute(sql: "INSERT OR IGNORE INTO orgs (id, created_at) VALUES (?, ?)",
                       arguments: [org.rawValue, Codec.millis(now)])
        // Cache only once committed: a rolled-back first write must insert the row again.
        db.afterNextTransaction(onCommit: { _ in
            _ = self.knownOrgs.withLock { $0.insert(org) }
        })
    }
}

extension OrgID {
    /// The reserved daemon-wide scope (see `Store.daemon`).
    public static let daemon = OrgID("_daemon")
}
