import Foundation

/// A field value as a CRM sends it on the wire, before mapping: connectors produce these and the
/// mapper turns them into typed `FieldValue`s. Numbers stay `Decimal` so amounts are exact.
public indirect enum RemoteValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([RemoteValue])
    case object([String: RemoteValue])

    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .number(let d): NSDecimalNumber(decimal: d).stringValue
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    public var decimalValue: Decimal? {
        switch self {
        case .number(let d): d
        case .string(let s): Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
        default: nil
        }
    }

    public subscript(key: String) -> RemoteValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension RemoteValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Decimal.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([RemoteValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: RemoteValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
