import Foundation

/// RFC 5322 §3.3 dates (`Tue, 1 Jul 2003 10:52:37 +0200`), tolerant of the obsolete forms
/// mailers still send (two-digit years, zone names, missing seconds or weekday). Hand-written
/// because `DateFormatter` is slow per message and picky about each variation.
public enum MailDate {
    public static func parse(_ raw: String) -> Date? {
        var text = raw
        if let paren = text.firstIndex(of: "(") { text = String(text[..<paren]) }  // "(PDT)" comment
        var tokens = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map(String.init)
        if let first = tokens.first, first.count >= 3, Int(first) == nil { tokens.removeFirst() }  // weekday
        guard tokens.count >= 4, let day = Int(tokens[0]),
              let month = months[String(tokens[1].prefix(3)).lowercased()],
              var year = Int(tokens[2]) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let clock = tokens[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2 else { return nil }
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = clock[0]
        components.minute = clock[1]
        components.second = clock.count > 2 ? clock[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard (1...31).contains(day), (0...23).contains(clock[0]), (0...59).contains(clock[1]),
              let utc = calendar.date(from: components) else { return nil }
        return utc.addingTimeInterval(TimeInterval(-offset))
    }

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
        "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// Seconds east of UTC.
    private static func zoneOffset(_ token: String) -> Int {
        if let sign = token.first, sign == "+" || sign == "-", token.count == 5, let value = Int(token.dropFirst()) {
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        return (zones[token.lowercased()] ?? 0) * 3600
    }
}
