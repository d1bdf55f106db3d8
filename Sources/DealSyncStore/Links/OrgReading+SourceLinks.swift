import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// Every link into `source` whose external id starts with `prefix`: external id → record.
    public func links(in source: SourceID, prefix: String = "") throws -> [String: RecordID] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT external_id, record FROM links
                WHERE org = ? AND source = ? AND substr(external_id, 1, ?) = ?
                """),
            arguments: [org.rawValue, source.rawValue, prefix.utf8.count, prefix])
        var result: [String: RecordID] = [:]
        for row in rows { result[row["external_id"]] = try Codec.recordID(row["record"]) }
        return result
    }

    /// Records with a push to `source` waiting or in flight: their values in the source may
    /// lawfully lag the store until it lands.
    public func recordsWithPendingPushes(to source: SourceID) throws -> Set<RecordID> {
        let ids = try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT record FROM jobs WHERE org = ? AND source = ? AND kind = 'push' AND record IS NOT NULL"),
            arguments: [org.rawValue, source.rawValue])
        return Set(try ids.map(Codec.recordID))
    }
}
