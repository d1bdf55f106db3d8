import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// Records whose push of `object` to a source sits in the dead letter, by source: an admin
    /// retries those (`dealsyncctl dead-letter retry`); re-reading an unchanged record must not.
    public func deadLetteredPushes(object: String) throws -> [SourceID: Set<RecordID>] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT source, record FROM dead_letters
                WHERE org = ? AND kind = 'push' AND object = ? AND record IS NOT NULL
                """),
            arguments: [org.rawValue, object])
        var result: [SourceID: Set<RecordID>] = [:]
        for row in rows { result[SourceID(row["source"]), default: []].insert(try Codec.recordID(row["record"])) }
        return result
    }
}
