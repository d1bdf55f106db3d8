import Foundation

/// An amount of money: an exact decimal and an ISO 4217 currency code.
public struct Money: Hashable, Sendable, Codable {
    public var amount: Decimal
    public var currency: String
    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency.uppercased()
    }
}

/// A calendar date without time or zone (a close date), stored as `YYYY-MM-DD`.
public struct CalendarDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }
    public init?(_ text: String) {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// A typed canonical field value. Values are compared after normalisation, so two replicas that
/// hold the same thing in different spellings compare equal (DESIGN §4 step 1).
public indirect enum FieldValue: Hashable, Sendable {
    case null
    case string(String)
    case money(Money)
    case decimal(Decimal)
    case date(CalendarDate)
    /// An instant, to the millisecond: CRMs disagree on sub-millisecond precision.
    case datetime(Date)
    case enumeration(String)
    /// A reference to another canonical record.
    case reference(RecordID)
    /// A multi-valued field; order does not matter, so it is kept sorted and unique.
    case multi([FieldValue])
    case bool(Bool)

    public var isBlank: Bool {
        switch self {
        case .null: true
        case .string(let s): s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .multi(let v): v.isEmpty
        default: false
        }
    }

    /// The canonical form used for comparison and storage.
    public var normalized: FieldValue {
        switch self {
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? .null : .string(t)
        case .datetime(let d):
            return .datetime(Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000))
        case .multi(let values):
            let unique = Set(values.map(\.normalized).filter { !$0.isBlank })
            return .multi(unique.sorted { $0.sortKey < $1.sortKey })
        case .money(let m):
            return .money(Money(amount: m.amount, currency: m.currency))
        default:
            return self
        }
    }

    /// A total order over values, for deterministic sorting and `max`/`min` policies.
    public var sortKey: String {
        switch self {
        case .null: ""
        case .string(let s): "s:" + s
        case .money(let m): "m:" + m.currency + ":" + Self.paddedDecimal(m.amount)
        case .decimal(let d): "d:" + Self.paddedDecimal(d)
        case .date(let d): "D:" + d.description
        case .datetime(let d): "T:" + String(format: "%020.3f", d.timeIntervalSince1970)
        case .enumeration(let e): "e:" + e
        case .reference(let r): "r:" + r.description
        case .multi(let v): "M:" + v.map(\.sortKey).joined(separator: "\u{1}")
        case .bool(let b): b ? "b:1" : "b:0"
        }
    }

    private static func paddedDecimal(_ d: Decimal) -> String {
        // Offset so negative numbers sort before positive ones as strings.
        let shifted = d + Decimal(string: "1000000000000000")!
        let s = NSDecimalNumber(decimal: shifted).stringValue
        let parts = s.split(separator: ".", maxSplits: 1)
        let whole = String(repeating: "0", count: max(0, 24 - parts[0].count)) + parts[0]
        return parts.count == 2 ? whole + "." + parts[1] : whole
    }
}
