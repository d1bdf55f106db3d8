import Foundation

/// A tenant. Every row, job, metric label and command is scoped to one org.
/// Org ids are short slugs chosen by the operator (`acme`), so they read well in logs and paths.
public struct OrgID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: OrgID, b: OrgID) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// One configured external account within an org (`salesforce-prod`), or the daemon itself (`local`).
public struct SourceID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    /// The daemon's own replica: hook output (scores, enrichment) is an edit by `local`.
    public static let local = SourceID("local")
    public static func < (a: SourceID, b: SourceID) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// The stable DealSync id of a canonical record: a UUIDv7, so ids sort by creation time
/// and index well in SQLite.
public struct RecordID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
    public init?(_ string: String) {
        guard let u = UUID(uuidString: string) else { return nil }
        uuid = u
    }
    /// A fresh UUIDv7 at the given time.
    public static func make(at date: Date = Date()) -> RecordID {
        var rng = SystemRandomNumberGenerator()
        return RecordID(uuid: UUIDv7.make(milliseconds: UInt64(max(0, date.timeIntervalSince1970 * 1000)), using: &rng))
    }
    public var description: String { uuid.uuidString.lowercased() }
    public static func < (a: RecordID, b: RecordID) -> Bool { a.description < b.description }
    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let u = UUID(uuidString: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UUID: \(s)"))
        }
        uuid = u
    }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

/// RFC 9562 UUID version 7: 48-bit Unix milliseconds, version and variant bits, 74 random bits.
public enum UUIDv7 {
    public static func make<R: RandomNumberGenerator>(milliseconds ms: UInt64, using rng: inout R) -> UUID {
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - UInt64(i)))) }
        for i in 6..<16 { b[i] = UInt8.random(in: 0...255, using: &rng) }
        b[6] = (b[6] & 0x0F) | 0x70
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// The millisecond timestamp a v7 UUID carries, or nil for other versions.
    public static func milliseconds(of uuid: UUID) -> UInt64? {
        let u = uuid.uuid
        guard u.6 >> 4 == 7 else { return nil }
        return [u.0, u.1, u.2, u.3, u.4, u.5].reduce(0) { ($0 << 8) | UInt64($1) }
    }
}
