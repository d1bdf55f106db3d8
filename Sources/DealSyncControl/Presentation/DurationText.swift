import Foundation

/// Compact human durations for tables: `45s`, `3m12s`, `2h05m`, `3d04h`.
public enum DurationText {
    public static func render(seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let total = Int(max(0, seconds.rounded()))
        let (d, h, m, s) = (total / 86_400, total / 3_600 % 24, total / 60 % 60, total % 60)
        if d > 0 { return "\(d)d" + pad(h) + "h" }
        if h > 0 { return "\(h)h" + pad(m) + "m" }
        if m > 0 { return "\(m)m" + pad(s) + "s" }
        return "\(s)s"
    }

    /// "12s ago" for a past instant, "-" when there is none.
    public static func age(of date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        return render(seconds: now.timeIntervalSince(date)) + " ago"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
