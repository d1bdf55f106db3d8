import Foundation
import GRDB

/// A second, raw connection to a store file, standing in for someone who edits the database
/// behind the daemon's back (tamper tests) or inspects it (pragma checks).
public enum RawDatabase {
    public static func execute(path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    public static func string(path: String, _ sql: String) throws -> String? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchOne(db, sql: sql) }
    }
}
