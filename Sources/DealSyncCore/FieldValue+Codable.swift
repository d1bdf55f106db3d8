import Foundation

/// Stored and sent as a tagged JSON object, e.g. `{"t":"money","amount":"12.50","currency":"EUR"}`,
/// so that decimals never pass through a binary floating point.
extension FieldValue: Codable {
    private enum Key: String, CodingKey { case t, v, amount, currency }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let tag = try c.decode(String.self, forKey: .t)
        func decimal(_ text: String, _ key: Key) throws -> Decimal {
            guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not a decimal: \(text)")
            }
            return d
        }
        switch tag {
        case "null": self = .null
        case "string": self = .string(try c.decode(String.self, forKey: .v))
        case "money":
            self = .money(Money(amount: try decimal(try c.decode(String.self, forKey: .amount), .amount),
                                currency: try c.decode(String.self, forKey: .currency)))
        case "decimal": self = .decimal(try decimal(try c.decode(String.self, forKey: .v), .v))
        case "date":
            let s = try c.decode(String.self, forKey: .v)
            guard let d = CalendarDate(s) else {
                throw DecodingError.dataCorruptedError(forKey: .v, in: c, debugDescription: "not a date: \(s)")
            }
            self = .date(d)
        case "datetime": self = .datetime(Date(timeIntervalSince1970: Double(try c.decode(Int64.self, forKey: .v)) / 1000))
        case "enum": self = .enumeration(try c.decode(String.self, forKey: .v))
        case "ref": self = .reference(try c.decode(RecordID.self, forKey: .v))
        case "multi": self = .multi(try c.decode([FieldValue].self, forKey: .v))
        case "bool": self = .bool(try c.decode(Bool.self, forKey: .v))
        default:
            throw DecodingError.dataCorruptedError(forKey: .t, in: c, debugDescription: "unknown value type \(tag)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .null: try c.encode("null", forKey: .t)
        case .string(let s): try c.encode("string", forKey: .t); try c.encode(s, forKey: .v)
        case .money(let m):
            try c.encode("money", forKey: .t)
            try c.encode(NSDecimalNumber(decimal: m.amount).stringValue, forKey: .amount)
            try c.encode(m.currency, forKey: .currency)
        case .decimal(let d): try c.encode("decimal", forKey: .t); try c.encode(NSDecimalNumber(decimal: d).stringValue, forKey: .v)
        case .date(let d): try c.encode("date", forKey: .t); try c.encode(d.description, forKey: .v)
        case .datetime(let d):
            try c.encode("datetime", forKey: .t)
            try c.encode(Int64((d.timeIntervalSince1970 * 1000).rounded()), forKey: .v)
        case .enumeration(let e): try c.encode("enum", forKey: .t); try c.encode(e, forKey: .v)
        case .reference(let r): try c.encode("ref", forKey: .t); try c.encode(r, forKey: .v)
        case .multi(let v): try c.encode("multi", forKey: .t); try c.encode(v, forKey: .v)
        case .bool(let b): try c.encode("bool", forKey: .t); try c.encode(b, forKey: .v)
        }
    }
}
