import Foundation

/// Pipedrive's two timestamp spellings: API v2 and webhooks v2 use RFC 3339 (`2025-01-01T10:20:00Z`),
/// API v1 uses `2025-01-01 10:20:00` in UTC. The emulator keeps times as whole UTC seconds, the
/// granularity Pipedrive exposes, and formats them by hand with `gmtime_r`/`timegm` because
/// Foundation's date formatters are slow on the 100,000-record list paths.
enum PipedriveTime {
    static func epoch(_ date: Date) -> Int { Int(date.timeIntervalSince1970.rounded(.down)) }

    static func rfc3339(_ epoch: Int) -> String { format(epoch, separator: "T", suffix: "Z") }

    static func v1(_ epoch: Int) -> String { format(epoch, separator: " ", suffix: "") }

    /// Webhook `meta.timestamp` carries milliseconds: `2026-05-15T18:00:00.000Z`.
    static func rfc3339Millis(_ date: Date) -> String {
        let seconds = epoch(date)
        let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        return String(rfc3339(seconds).dropLast()) + String(format: ".%03dZ", max(0, min(999, millis)))
    }

    /// Zero-padded by hand: `String(format:)` dominated list rendering in profiles.
    private static func format(_ epoch: Int, separator: Character, suffix: String) -> String {
        let p = parts(epoch)
        var text = ""
        text.reserveCapacity(20)
        func pad(_ value: Int, _ width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        pad(p.year, 4); text += "-"; pad(p.month, 2); text += "-"; pad(p.day, 2)
        text.append(separator)
        pad(p.hour, 2); text += ":"; pad(p.minute, 2); text += ":"; pad(p.second, 2)
        return text + suffix
    }

    /// `2025-01-01T10:20:00Z` or with a `±HH:MM` offset. Fractional seconds are refused, as the
    /// real v2 API answers 400 to them.
    static func parseRFC3339(_ text: String) -> Int? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"),
              let base = parseDateTime(chars) else { return nil }
        let rest = chars[19...]
        if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") { return base }
        guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              let h = number(chars, 20, 2), chars[22] == UInt8(ascii: ":"), let m = number(chars, 23, 2) else { return nil }
        let offset = (h * 3600 + m * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        return base - offset
    }

    /// `2025-01-01 10:20:00` (v1 `since_timestamp`), UTC.
    static func parseV1(_ text: String) -> Int? {
        let chars = Array(text.utf8)
        guard chars.count == 19, chars[10] == UInt8(ascii: " ") else { return nil }
        return parseDateTime(chars)
    }

    /// `YYYY-MM-DD`, the shape of `expected_close_date`.
    static func isCalendarDate(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count == 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              let y = number(chars, 0, 4), let m = number(chars, 5, 2), let d = number(chars, 8, 2) else { return false }
        return y > 1900 && (1...12).contains(m) && (1...31).contains(d)
    }

    private static func parseDateTime(_ c: [UInt8]) -> Int? {
        guard c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"), c[13] == UInt8(ascii: ":"), c[16] == UInt8(ascii: ":"),
              let y = number(c, 0, 4), let mo = number(c, 5, 2), let d = number(c, 8, 2),
              let h = number(c, 11, 2), let mi = number(c, 14, 2), let s = number(c, 17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var t = tm()
        t.tm_year = Int32(y - 1900); t.tm_mon = Int32(mo - 1); t.tm_mday = Int32(d)
        t.tm_hour = Int32(h); t.tm_min = Int32(mi); t.tm_sec = Int32(s)
        return Int(timegm(&t))
    }

    private static func number(_ c: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= c.count else { return nil }
        var value = 0
        for byte in c[start..<start + length] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func parts(_ epoch: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(epoch)
        var t = tm()
        gmtime_r(&seconds, &t)
        return (Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
    }
}
