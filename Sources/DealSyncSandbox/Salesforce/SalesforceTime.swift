import Foundation

/// Salesforce's wire formats for time, hand-written because every record carries several
/// stamps and formatting 100,000 of them through `DateFormatter` (which is also not safe to
/// share across threads) dominates seeding. Instants are Int64 milliseconds since 1970 UTC.
enum SalesforceTime {
    /// `2024-05-02T10:11:12.000+0000`, the form the API returns datetimes in.
    static func format(_ millis: Int64) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = Int(millis - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secOfDay = Int(seconds - days * 86400)
        return formatDate(days: days) + "T" + pad(secOfDay / 3600, 2) + ":" + pad(secOfDay / 60 % 60, 2) + ":"
            + pad(secOfDay % 60, 2) + "." + pad(ms, 3) + "+0000"
    }

    /// `2024-05-02` for the UTC day containing `millis`.
    static func formatDay(_ millis: Int64) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        return formatDate(days: seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Salesforce keeps whole seconds: the milliseconds of every stamp read back are `.000`.
    static func truncatedToSecond(_ millis: Int64) -> Int64 { millis - ((millis % 1000) + 1000) % 1000 }

    static func truncatedToMinute(_ millis: Int64) -> Int64 { millis - ((millis % 60000) + 60000) % 60000 }

    /// Parses ISO-8601 datetimes as SOQL and the REST API accept them: `2024-01-01T00:00:00Z`,
    /// `…T00:00:00.000+0000`, `…T00:00:00+00:00`, `…T00:00:00-05:00`. A space where the `+`
    /// of an offset was (an unencoded `+` in a query string) is accepted too.
    static func parseDateTime(_ text: String) -> Int64? {
        let c = Array(text.utf8)
        guard c.count >= 19, c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"),
              let days = parseDateDays(c[0..<10]),
              let h = number(c[11..<13]), c[13] == UInt8(ascii: ":"), let mi = number(c[14..<16]),
              c[16] == UInt8(ascii: ":"), let s = number(c[17..<19]), h < 24, mi < 60, s < 60 else { return nil }
        var i = 19
        var ms = 0
        if i < c.count, c[i] == UInt8(ascii: ".") {
            var j = i + 1
            var digits = 0
            while j < c.count, c[j] >= 48, c[j] <= 57 {
                if digits < 3 { ms = ms * 10 + Int(c[j] - 48) }
                digits += 1
                j += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { ms *= 10 } }
            i = j
        }
        guard i < c.count else { return nil }
        var offsetMinutes = 0
        if c[i] == UInt8(ascii: "Z") || c[i] == UInt8(ascii: "z") {
            guard i + 1 == c.count else { return nil }
        } else {
            guard c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") || c[i] == UInt8(ascii: " ") else { return nil }
            let sign = c[i] == UInt8(ascii: "-") ? -1 : 1
            let rest = Array(c[(i + 1)...])
            let digits = rest.filter { $0 != UInt8(ascii: ":") }
            guard (rest.count == 4 || (rest.count == 5 && rest[2] == UInt8(ascii: ":"))), digits.count == 4,
                  let oh = number(digits[0..<2]), let om = number(digits[2..<4]) else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        }
        let secs = days * 86400 + Int64(h * 3600 + mi * 60 + s) - Int64(offsetMinutes * 60)
        return secs * 1000 + Int64(ms)
    }

    /// Days since 1970-01-01 for a `YYYY-MM-DD` date, or nil when it is not a real date.
    static func parseDate(_ text: String) -> Int64? {
        let c = Array(text.utf8)
        guard c.count == 10 else { return nil }
        return parseDateDays(c[0..<10])
    }

    /// `Tue, 10 Aug 2015 00:00:00 GMT` (RFC 7231 IMF-fixdate), used by `If-Unmodified-Since`.
    static func parseHTTPDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, let days = daysFromCivil(year, month + 1, day) else { return nil }
        return (days * 86400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2])) * 1000
    }

    static func formatDate(days: Int64) -> String {
        let (y, m, d) = civil(fromDays: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    // MARK: - calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parseDateDays(_ c: ArraySlice<UInt8>) -> Int64? {
        let b = Array(c)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = number(b[0..<4]), let m = number(b[5..<7]), let d = number(b[8..<10]) else { return nil }
        return daysFromCivil(y, m, d)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64? {
        guard (1...12).contains(m), d >= 1, d <= daysInMonth(y0, m) else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146097 + doe - 719468)
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func number<C: Collection>(_ c: C) -> Int? where C.Element == UInt8 {
        var n = 0
        for b in c {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
