import DealSyncCore
import Foundation
import GRDB

/// A push whose outcome is not recorded yet: the values and vectors sent, and when.
public struct SentPush: Sendable, Hashable {
    public var payload: JobPayload
    public var sentAt: Date
}

extension OrgReading {
    public func sentPush(of record: RecordID, to source: SourceID) throws -> SentPush? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT payload, sent_at FROM sent_pushes WHERE org = ? AND record = ? AND source = ?"),
            arguments: [org.rawValue, record.description, source.rawValue]) else { return nil }
        return SentPush(payload: try Codec.decode(JobPayload.self, row["payload"], column: "sent_pushes.payload"),
                        sentAt: Codec.date(row["sent_at"]))
    }
}

extension OrgWriteTransaction {
    /// Written in the transaction that plans the write, before it is sent.
    public func recordSentPush(of record: RecordID, to source: SourceID, payload: JobPayload) throws {
        try db.cachedStatement(sql: """
            INSERT INTO sent_pushes (org, record, source, payload, sent_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (org, record, source) DO UPDATE SET payload = excluded.payload, sent_at = excluded.sent_at
            """).execute(arguments: [org.rawValue, record.description, source.rawValue, try Codec.encode(payload), Codec.millis(now)])
    }

    /// The outcome is recorded (or the source has reported the record since): forget the send.
    public func clearSentPush(of record: RecordID, to source: SourceID) throws {
        try db.cachedStatement(sql: "DELETE FROM sent_pushes WHERE org = ? AND record = ? AND source = ?")
            .execute(arguments: [org.rawValue, record.description, source.rawValue])
    }
}
