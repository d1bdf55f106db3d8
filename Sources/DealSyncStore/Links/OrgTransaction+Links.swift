import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    /// The record's id in `source`, if linked.
    public func externalID(of record: RecordID, in source: SourceID) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT external_id FROM links WHERE org = ? AND record = ? AND source = ?"),
            arguments: [org.rawValue, record.description, source.rawValue])
    }

    /// The record linked to `externalID` in `source`.
    public func recordID(forExternalID externalID: String, in source: SourceID) throws -> RecordID? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT record FROM links WHERE org = ? AND source = ? AND external_id = ?"),
            arguments: [org.rawValue, source.rawValue, externalID]).map(Codec.recordID)
    }

    /// Every link of a record: source → external id.
    public func links(of record: RecordID) throws -> [SourceID: String] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT source, external_id FROM links WHERE org = ? AND record = ?"),
            arguments: [org.rawValue, record.description])
        return Dictionary(uniqueKeysWithValues: rows.map { (SourceID($0["source"]), $0["external_id"]) })
    }
}

extension OrgWriteTransaction {
    /// Links a record to its id in a source. Re-linking the same pair is a no-op; a record may have
    /// one link per source and an external id one record, so any other clash throws `linkTaken`.
    public func link(_ record: RecordID, to source: SourceID, externalID: String) throws {
        if let existing = try recordID(forExternalID: externalID, in: source) {
            if existing == record { return }
            throw StoreError.linkTaken("\(source)/\(externalID) is linked to another record")
        }
        if try self.externalID(of: record, in: source) != nil {
            throw StoreError.linkTaken("record \(record) already has a link to \(source)")
        }
        try db.cachedStatement(sql: """
            INSERT INTO links (org, record, source, external_id, created_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [org.rawValue, record.description, source.rawValue, externalID, Codec.millis(now)])
    }

    /// Removes a record's link to a source (the remote record was deleted or merged away).
    public func unlink(_ record: RecordID, from source: SourceID) throws {
        try db.execute(sql: "DELETE FROM links WHERE org = ? AND record = ? AND source = ?",
                       arguments: [org.rawValue, record.description, source.rawValue])
    }
}
