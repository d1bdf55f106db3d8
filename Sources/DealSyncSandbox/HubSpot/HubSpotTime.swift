import Foundation

/// HubSpot's wire forms of time: ISO-8601 with milliseconds (`2024-01-17T19:55:04.281Z`) on
/// read, ISO-8601 or epoch-millisecond strings on write and in search filters.
/// Formatting and parsing are hand-written because `ISO8601DateFormatter` costs microseconds
/// per call and the seed formats several hundred thousand stamps.
enum HubSpotTime {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func iso(millis: Int64) -> String {
        let (days, msOfDay) = millis.floorDivMod(86_400_000)
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    static func iso(_ date: Date) -> String { iso(millis: millis(date)) }

    /// Epoch ms from a write or filter value: an integer string, `YYYY-MM-DD`, or ISO-8601 with
    /// optional fraction and `Z`/`±hh:mm` offset.
    static func parse(_ text: String) -> Int64? {
        if let n = Int64(text) { return n }
        let u = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= u.count else { return nil }
            var v: Int64 = 0
            for c in u[from..<(from + len)] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard u.count >= 10, u[4] == 45, u[7] == 45, let y = num(0, 4), let m = num(5, 2), let d = num(8, 2),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var ms = days(fromCivil: y, m, d) * 86_400_000
        if u.count == 10 { return ms }
        guard u.count >= 19, u[10] == 84 || u[10] == 32, let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2)
        else { return nil }
        ms += h * 3_600_000 + mi * 60_000 + s * 1000
        var i = 19
        if i < u.count, u[i] == 46 {
            i += 1
            var scale: Int64 = 100
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                ms += Int64(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        if i == u.count || (u[i] == 90 && i + 1 == u.count) { return ms }
        guard u[i] == 43 || u[i] == 45, let oh = num(i + 1, 2) else { return nil }
        let om = u.count >= i + 6 && u[i + 3] == 58 ? (num(i + 4, 2) ?? 0) : (num(i + 3, 2) ?? 0)
        let offset = (oh * 60 + om) * 60_000
        return u[i] == 43 ? ms - offset : ms + offset
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's days-from-civil algorithms (public domain), proleptic Gregorian.
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}

extension Int64 {
    fileprivate func floorDivMod(_ d: Int64) -> (Int64, Int64) {
        let q = self >= 0 ? self / d : (self - d + 1) / d
        return (q, self - q * d)
    }
}
