import Foundation

/// The timestamp spellings CRMs send: `2024-05-02T10:11:12.345Z`, `…+0000`, `…+00:00`, no fraction.
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        var s = text.trimmingCharacters(in: .whitespaces)
        // Salesforce writes the offset without a colon (+0000); ISO8601DateFormatter wants one.
        if let r = s.range(of: #"[+-]\d{4}$"#, options: .regularExpression) {
            let off = s[r]
            s.replaceSubrange(r, with: off.prefix(3) + ":" + off.suffix(2))
        }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = withFraction.date(from: s) { return d }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: s)
    }
}
