import DealSyncCore
import Foundation

/// Parsing and printing of the date and time spellings the three CRMs use. Written by hand
/// because the spellings mix (`+0000` offsets from Salesforce, space-separated UTC times from
/// Pipedrive v1, epoch-millisecond strings from HubSpot) beyond what one formatter accepts.
enum WireTime {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// `2024-06-30`, `2024-06-30T10:11:12(.345)(Z|±HH:MM|±HHMM)`, `2024-06-30 10:11:12`, or epoch ms.
    static func parse(_ text: String) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.count >= 9, s.allSatisfy(\.isNumber), let ms = Int64(s) {
            return Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        let chars = Array(s)
        guard chars.count >= 10, let date = CalendarDate(String(chars[0..<10])) else { return nil }
        var c = DateComponents(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0)
        var offset = 0
        var fraction = 0.0
        if chars.count > 10 {
            guard chars[10] == "T" || chars[10] == " " else { return nil }
            var rest = String(chars[11...])
            if let z = rest.firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
                let zone = String(rest[z...])
                rest = String(rest[..<z])
                guard let o = zoneOffset(zone) else { return nil }
                offset = o
            }
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            c.hour = h
            c.minute = m
            if parts.count == 3 {
                let sec = parts[2].split(separator: ".", maxSplits: 1)
                guard let whole = Int(sec[0]) else { return nil }
                c.second = whole
                if sec.count == 2 { fraction = Double("0." + sec[1]) ?? 0 }
            }
        }
        guard let base = utc.date(from: c) else { return nil }
        return base.addingTimeInterval(fraction - Double(offset))
    }

    /// Seconds east of UTC for `Z`, `±HH`, `±HHMM` or `±HH:MM`.
    private static func zoneOffset(_ zone: String) -> Int? {
        if zone == "Z" { return 0 }
        let sign = zone.hasPrefix("-") ? -1 : 1
        let digits = zone.dropFirst().filter(\.isNumber)
        guard digits.count == 2 || digits.count == 4, let n = Int(digits) else { return nil }
        let (h, m) = digits.count == 2 ? (n, 0) : (n / 100, n % 100)
        return sign * (h * 3600 + m * 60)
    }

    static func calendarDate(_ date: Date) -> CalendarDate {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)
    }

    static func midnight(_ date: CalendarDate) -> Date {
        utc.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
    }

    static func iso(_ date: Date, milliseconds: Bool) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let whole = Date(timeIntervalSince1970: Double(ms.floorDiv(1000)))
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return milliseconds ? base + String(format: ".%03dZ", Int(ms - ms.floorDiv(1000) * 1000)) : base + "Z"
    }

    static func epochMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

private extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
