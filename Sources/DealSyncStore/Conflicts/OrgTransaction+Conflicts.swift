import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func conflict(_ id: Int64) throws -> Conflict? {
        try Row.fetchOne(db, sql: "SELECT * FROM conflicts WHERE org = ? AND id = ?", arguments: [org.rawValue, id])
            .map(Self.conflict)
    }

    /// Conflicts in id order, optionally only one status (`open` for `dealsyncctl conflicts`).
    public func conflicts(status: Conflict.Status? = nil, record: RecordID? = nil, limit: Int = 100) throws -> [Conflict] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM conflicts WHERE org = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR record = ?)
            ORDER BY id LIMIT ?
            """, arguments: [org.rawValue, status?.rawValue, status?.rawValue,
                             record?.description, record?.description, limit])
            .map(Self.conflict)
    }

    static func conflict(_ row: Row) throws -> Conflict {
        func side(_ prefix: String) throws -> ConflictSide {
            ConflictSide(replica: SourceID(row["\(prefix)_replica"]),
                         value: try Codec.decode(FieldValue.self, row["\(prefix)_value"], column: "\(prefix)_value"),
                         vector: try Codec.decode(VersionVector.self, row["\(prefix)_vector"], column: "\(prefix)_vector"))
        }
        return Conflict(
            id: row["id"], record: try Codec.recordID(row["record"]), field: row["field"],
            left: try side("left"), right: try side("right"), policy: row["policy"],
            winnerValue: try (row["winner_value"] as String?).map { try Codec.decode(FieldValue.self, $0, column: "winner_value") },
            winnerReplica: (row["winner_replica"] as String?).map(SourceID.init),
            status: Conflict.Status(rawValue: row["status"]) ?? .open,
            createdAt: Codec.date(row["created_at"]), resolvedAt: (row["resolved_at"] as Int64?).map(Codec.date),
            resolvedBy: row["resolved_by"])
    }
}

extension OrgWriteTransaction {
    /// Records a conflict. With a winner it is stored as already resolved by the policy; without
    /// one (policy `manual`) it stays open for an admin. Returns its id.
    @discardableResult
    public func recordConflict(record: RecordID, field: String, left: ConflictSide, right: ConflictSide,
                               policy: String, winner: ConflictSide?) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO conflicts (org, record, field, left_replica, left_value, left_vector,
              right_replica, right_value, right_vector, policy, winner_value, winner_replica, status,
              created_at, resolved_at, resolved_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                org.rawValue, record.description, field,
                left.replica.rawValue, try Codec.encode(left.value), try Codec.encode(left.vector),
                right.replica.rawValue, try Codec.encode(right.value), try Codec.encode(right.vector),
                policy, try winner.map { try Codec.encode($0.value) }, winner?.replica.rawValue,
                winner == nil ? Conflict.Status.open.rawValue : Conflict.Status.resolved.rawValue,
                Codec.millis(now), winner == nil ? nil : Codec.millis(now), winner == nil ? nil : "policy:\(policy)",
            ])
        return db.lastInsertedRowID
    }

    /// Closes an open conflict with the value an admin chose. Throws `notFound` when it is not
    /// an open conflict of this org.
    public func resolveConflict(_ id: Int64, value: FieldValue, replica: SourceID?, by actor: String) throws {
        try db.execute(sql: """
            UPDATE conflicts SET status = 'resolved', winner_value = ?, winner_replica = ?, resolved_at = ?, resolved_by = ?
            WHERE org = ? AND id = ? AND status = 'open'
            """, arguments: [try Codec.encode(value), replica?.rawValue, Codec.millis(now), actor, org.rawValue, id])
        if db.changesCount == 0 { throw StoreError.notFound("open conflict \(id)") }
    }
}
