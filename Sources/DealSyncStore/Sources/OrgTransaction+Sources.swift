import DealSyncCore
import Foundation
import GRDB

/// A configured source as the store remembers it, with its pause state, which survives restarts.
public struct StoredSource: Sendable, Hashable {
    public var id: SourceID
    public var kind: String
    public var paused: Bool
    public var pauseReason: String?
    public var updatedAt: Date
}

extension OrgReading {
    public func sources() throws -> [StoredSource] {
        try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE org = ? ORDER BY id", arguments: [org.rawValue])
            .map(Self.storedSource)
    }

    public func source(_ id: SourceID) throws -> StoredSource? {
        try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE org = ? AND id = ?", arguments: [org.rawValue, id.rawValue])
            .map(Self.storedSource)
    }

    /// The cursor a source's incremental pull of `object` resumes from.
    public func cursor(source: SourceID, object: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT cursor FROM cursors WHERE org = ? AND source = ? AND object = ?"),
            arguments: [org.rawValue, source.rawValue, object])
    }

    static func storedSource(_ row: Row) -> StoredSource {
        StoredSource(id: SourceID(row["id"]), kind: row["kind"], paused: row["paused"],
                     pauseReason: row["pause_reason"], updatedAt: Codec.date(row["updated_at"]))
    }
}

extension OrgWriteTransaction {
    /// Registers a configured source, or updates its kind; the pause state is kept.
    public func registerSource(_ id: SourceID, kind: String) throws {
        try db.execute(sql: """
            INSERT INTO sources (org, id, kind, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (org, id) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at
              WHERE kind != excluded.kind
            """, arguments: [org.rawValue, id.rawValue, kind, Codec.millis(now)])
    }

    /// Pauses a source with a reason (`nil` resumes it). Throws `notFound` for an unknown source.
    public func setPaused(_ id: SourceID, reason: String?) throws {
        try db.execute(sql: "UPDATE sources SET paused = ?, pause_reason = ?, updated_at = ? WHERE org = ? AND id = ?",
                       arguments: [reason != nil, reason, Codec.millis(now), org.rawValue, id.rawValue])
        if db.changesCount == 0 { throw StoreError.notFound("source \(id)") }
    }

    /// Saves the cursor in the same transaction as the page it follows, so a crash resumes
    /// exactly after the last committed page.
    public func setCursor(_ cursor: String, source: SourceID, object: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO cursors (org, source, object, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (org, source, object) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """).execute(arguments: [org.rawValue, source.rawValue, object, cursor, Codec.millis(now)])
    }
}
