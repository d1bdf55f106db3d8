import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// Per field of a record, what the resolver stored beside value and vector (opaque here).
    public func fieldResolutions(of record: RecordID) throws -> [String: String] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT name, resolution FROM fields WHERE org = ? AND record = ? AND resolution != ''"),
            arguments: [org.rawValue, record.description])
        return Dictionary(rows.map { ($0["name"], $0["resolution"]) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every shadow of a record, by replica and field.
    public func allShadows(of record: RecordID) throws -> [SourceID: [String: Shadow]] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT replica, field, value, vector FROM shadows WHERE org = ? AND record = ?"),
            arguments: [org.rawValue, record.description])
        var result: [SourceID: [String: Shadow]] = [:]
        for row in rows { result[SourceID(row["replica"]), default: [:]][row["field"]] = try Self.shadow(row) }
        return result
    }

    /// Every remote stamp ingested for a record, by replica.
    public func stamps(of record: RecordID) throws -> [SourceID: Date] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT replica, stamp FROM record_stamps WHERE org = ? AND record = ?"),
            arguments: [org.rawValue, record.description])
        return Dictionary(rows.map { (SourceID($0["replica"]), Codec.date($0["stamp"])) }, uniquingKeysWith: max)
    }

    /// Records of `kind` whose field `name` holds `value` (natural-key matching: a contact's
    /// email, a company's domain). Deleted records are left out.
    public func records(kind: RecordKind, field name: String, value: FieldValue) throws -> [RecordID] {
        let ids = try String.fetchAll(db, sql: """
            SELECT f.record FROM fields f JOIN records r ON r.org = f.org AND r.id = f.record
            WHERE f.org = ? AND f.name = ? AND f.value = ? AND r.kind = ? AND r.deleted_at IS NULL
            ORDER BY f.record
            """, arguments: [org.rawValue, name, try Codec.encode(value.normalized), kind.rawValue])
        return try ids.map { try Codec.recordID($0) }
    }
}

extension OrgWriteTransaction {
    public func setFieldResolution(_ name: String, of record: RecordID, _ resolution: String) throws {
        try db.cachedStatement(sql: "UPDATE fields SET resolution = ? WHERE org = ? AND record = ? AND name = ?")
            .execute(arguments: [resolution, org.rawValue, record.description, name])
        if db.changesCount == 0 { throw StoreError.notFound("field \(name) of record \(record)") }
    }
}

extension OrgWriteTransaction {
    /// A replica that lost a record no longer holds any of its fields (it gets them on re-create).
    public func removeShadow(of record: RecordID, field: String, replica: SourceID) throws {
        try db.cachedStatement(sql: "DELETE FROM shadows WHERE org = ? AND record = ? AND replica = ? AND field = ?")
            .execute(arguments: [org.rawValue, record.description, replica.rawValue, field])
    }
}

extension OrgReading {
    /// Records of `kind` tombstoned at or after `since`: the mass-delete breaker weighs a run's
    /// deletes together with the ones just before it, however the CRM split them into pages.
    public func deletedCount(kind: RecordKind, since: Date) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM records WHERE org = ? AND kind = ? AND deleted_at >= ?",
                         arguments: [org.rawValue, kind.rawValue, Codec.millis(since)]) ?? 0
    }
}
