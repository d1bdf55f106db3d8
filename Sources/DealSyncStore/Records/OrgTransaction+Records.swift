import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func record(_ id: RecordID) throws -> StoredRecord? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM records WHERE org = ? AND id = ?"),
            arguments: [org.rawValue, id.description])
        return try row.map(Self.storedRecord)
    }

    /// Records of one kind in id (creation) order, after `after`, for paging and resyncs.
    public func records(kind: RecordKind, after: RecordID? = nil, limit: Int = 500,
                        includeDeleted: Bool = false) throws -> [StoredRecord] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM records WHERE org = ? AND kind = ? AND id > ?
              AND (? OR deleted_at IS NULL) ORDER BY id LIMIT ?
            """, arguments: [org.rawValue, kind.rawValue, after?.description ?? "", includeDeleted, limit])
        return try rows.map(Self.storedRecord)
    }

    public func recordCount(kind: RecordKind? = nil) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM records WHERE org = ? AND (? IS NULL OR kind = ?) AND deleted_at IS NULL
            """, arguments: [org.rawValue, kind?.rawValue, kind?.rawValue]) ?? 0
    }

    public func fields(of record: RecordID) throws -> [String: StoredField] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT name, value, vector, updated_at FROM fields WHERE org = ? AND record = ?"),
            arguments: [org.rawValue, record.description])
        var result: [String: StoredField] = [:]
        for row in rows {
            result[row["name"]] = StoredField(
                value: try Codec.decode(FieldValue.self, row["value"], column: "fields.value"),
                vector: try Codec.decode(VersionVector.self, row["vector"], column: "fields.vector"),
                updatedAt: Codec.date(row["updated_at"]))
        }
        return result
    }

    public func field(_ name: String, of record: RecordID) throws -> StoredField? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT value, vector, updated_at FROM fields WHERE org = ? AND record = ? AND name = ?"),
            arguments: [org.rawValue, record.description, name]) else { return nil }
        return StoredField(
            value: try Codec.decode(FieldValue.self, row["value"], column: "fields.value"),
            vector: try Codec.decode(VersionVector.self, row["vector"], column: "fields.vector"),
            updatedAt: Codec.date(row["updated_at"]))
    }

    static func storedRecord(_ row: Row) throws -> StoredRecord {
        guard let kind = RecordKind(rawValue: row["kind"]) else {
            throw StoreError.corrupt("records.kind: \(String(describing: row["kind"] as String?))")
        }
        return StoredRecord(
            id: try Codec.recordID(row["id"]), kind: kind,
            deletedAt: (row["deleted_at"] as Int64?).map(Codec.date),
            createdAt: Codec.date(row["created_at"]), updatedAt: Codec.date(row["updated_at"]))
    }
}

extension OrgWriteTransaction {
    /// Creates the record envelope; a no-op when it already exists.
    public func insertRecord(_ id: RecordID, kind: RecordKind) throws {
        try db.cachedStatement(sql: """
            INSERT INTO records (org, id, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (org, id) DO NOTHING
            """).execute(arguments: [org.rawValue, id.description, kind.rawValue, Codec.millis(now), Codec.millis(now)])
    }

    /// Stores a field's new value and vector (the caller has resolved it) and touches the record.
    public func setField(_ name: String, of record: RecordID, value: FieldValue, vector: VersionVector) throws {
        try db.cachedStatement(sql: """
            INSERT INTO fields (org, record, name, value, vector, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (org, record, name) DO UPDATE SET
              value = excluded.value, vector = excluded.vector, updated_at = excluded.updated_at
            """).execute(arguments: [org.rawValue, record.description, name,
                                     try Codec.encode(value.normalized), try Codec.encode(vector), Codec.millis(now)])
        try touch(record)
    }

    /// Marks the record deleted (a tombstone), keeping its fields for conflict weighing.
    public func markDeleted(_ id: RecordID, at date: Date? = nil) throws {
        try db.execute(sql: "UPDATE records SET deleted_at = ?, updated_at = ? WHERE org = ? AND id = ?",
                       arguments: [Codec.millis(date ?? now), Codec.millis(now), org.rawValue, id.description])
        if db.changesCount == 0 { throw StoreError.notFound("record \(id)") }
    }

    /// Brings a tombstoned record back (an update won over a delete).
    public func restore(_ id: RecordID) throws {
        try db.execute(sql: "UPDATE records SET deleted_at = NULL, updated_at = ? WHERE org = ? AND id = ?",
                       arguments: [Codec.millis(now), org.rawValue, id.description])
        if db.changesCount == 0 { throw StoreError.notFound("record \(id)") }
    }

    private func touch(_ record: RecordID) throws {
        try db.cachedStatement(sql: "UPDATE records SET updated_at = ? WHERE org = ? AND id = ?")
            .execute(arguments: [Codec.millis(now), org.rawValue, record.description])
        if db.changesCount == 0 { throw StoreError.notFound("record \(record)") }
    }
}
