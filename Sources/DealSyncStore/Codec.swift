import DealSyncCore
import Foundation

/// How values cross the SQLite boundary: JSON text with sorted keys (so equal values give equal
/// bytes, which the audit chain and coalescing rely on) and instants as integer milliseconds.
enum Codec {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("column \(column): \(error)")
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func recordID(_ text: String) throws -> RecordID {
        guard let id = RecordID(text) else { throw StoreError.corrupt("not a record id: \(text)") }
        return id
    }
}
