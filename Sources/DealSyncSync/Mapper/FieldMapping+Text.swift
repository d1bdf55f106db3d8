import DealSyncCore
import Foundation

/// Values as an admin types and reads them (`dealsyncctl conflicts resolve ID --value V`,
/// `conflicts list`), checked against the field's type.
extension FieldMapping {
    /// Parses `text` as this field's type: `1500.50 EUR` for money (the object's default currency
    /// when none is given), `2026-06-30` for dates, ISO 8601 for datetimes, one of the listed values
    /// for enums, comma-separated items for multi fields. An empty text or `null` clears the field.
    public func value(fromText text: String, defaultCurrency: String = "USD") throws -> FieldValue {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t == "null" { return .null }
        func fail(_ expected: String) -> MappingError {
            MappingError(file: "", line: nil, path: name, message: "`\(t)` is not \(expected)")
        }
        switch type {
        case .string:
            return .string(t)
        case .enumeration:
            guard enumValues?.contains(t) ?? true else { throw fail("one of \(enumValues!.joined(separator: ", "))") }
            return .enumeration(t)
        case .money:
            let parts = t.split(separator: " ").map(String.init)
            let number = parts.first { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) != nil }
            let currency = parts.first { $0.count == 3 && $0.allSatisfy(\.isLetter) } ?? defaultCurrency
            guard let number, parts.count <= 2, let amount = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")) else {
                throw fail("an amount such as `1500.50 EUR`")
            }
            return .money(Money(amount: amount, currency: currency))
        case .decimal:
            guard let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")), Double(t) != nil else { throw fail("a number") }
            return .decimal(d)
        case .date:
            guard t.count == 10, let d = CalendarDate(t) else { throw fail("a date such as 2026-06-30") }
            return .date(d)
        case .datetime:
            guard let d = WireTime.parse(t) else { throw fail("an ISO 8601 time such as 2026-06-30T09:00:00Z") }
            return FieldValue.datetime(d).normalized
        case .bool:
            switch t.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: throw fail("true or false")
            }
        case .multi:
            return FieldValue.multi(t.split(separator: ",").map { .string(String($0)) }).normalized
        case .reference:
            guard let id = RecordID(t) else { throw fail("a DealSync record id") }
            return .reference(id)
        }
    }

    /// The inverse of `value(fromText:)`, for listings.
    public static func text(of value: FieldValue) -> String {
        switch value.normalized {
        case .null: "null"
        case .string(let s), .enumeration(let s): s
        case .money(let m): "\(NSDecimalNumber(decimal: m.amount).stringValue) \(m.currency)"
        case .decimal(let d): NSDecimalNumber(decimal: d).stringValue
        case .date(let d): d.description
        case .datetime(let d): WireTime.iso(d, milliseconds: true)
        case .bool(let b): b ? "true" : "false"
        case .multi(let items): items.map(text(of:)).joined(separator: ",")
        case .reference(let r): r.description
        }
    }
}
