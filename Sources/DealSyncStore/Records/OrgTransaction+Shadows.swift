import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func shadow(of record: RecordID, field: String, replica: SourceID) throws -> Shadow? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT value, vector FROM shadows WHERE org = ? AND record = ? AND replica = ? AND field = ?
                """),
            arguments: [org.rawValue, record.description, replica.rawValue, field]) else { return nil }
        return try Self.shadow(row)
    }

    /// Every field shadow one replica has for a record.
    public func shadows(of record: RecordID, replica: SourceID) throws -> [String: Shadow] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT field, value, vector FROM shadows WHERE org = ? AND record = ? AND replica = ?"),
            arguments: [org.rawValue, record.description, replica.rawValue])
        var result: [String: Shadow] = [:]
        for row in rows { result[row["field"]] = try Self.shadow(row) }
        return result
    }

    /// The highest remote modification stamp ingested from `replica` for the record.
    public func stamp(of record: RecordID, replica: SourceID) throws -> Date? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT stamp FROM record_stamps WHERE org = ? AND record = ? AND replica = ?"),
            arguments: [org.rawValue, record.description, replica.rawValue]).map(Codec.date)
    }

    static func shadow(_ row: Row) throws -> Shadow {
        Shadow(value: try Codec.decode(FieldValue.self, row["value"], column: "shadows.value"),
               vector: try Codec.decode(VersionVector.self, row["vector"], column: "shadows.vector"))
    }
}

extension OrgWriteTransaction {
    public func setShadow(_ shadow: Shadow, of record: RecordID, field: String, replica: SourceID) throws {
        try db.cachedStatement(sql: """
            INSERT INTO shadows (org, record, field, replica, value, vector, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (org, record, replica, field) DO UPDATE SET
              value = excluded.value, vector = excluded.vector, updated_at = excluded.updated_at
            """).execute(arguments: [org.rawValue, record.description, field, replica.rawValue,
                                     try Codec.encode(shadow.value.normalized), try Codec.encode(shadow.vector),
                                     Codec.millis(now)])
    }

    /// Raises the stamp to `stamp`; an older stamp leaves it unchanged. Returns whether it rose,
    /// so a caller can tell a fresh payload from a stale re-delivery in the same statement.
    @discardableResult
    public func raiseStamp(of record: RecordID, replica: SourceID, to stamp: Date) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO record_stamps (org, record, replica, stamp) VALUES (?, ?, ?, ?)
            ON CONFLICT (org, record, replica) DO UPDATE SET stamp = excluded.stamp
              WHERE excluded.stamp > record_stamps.stamp
            """).execute(arguments: [org.rawValue, record.description, replica.rawValue, Codec.millis(stamp)])
        return db.changesCount > 0
    }
}
