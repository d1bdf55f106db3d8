import Foundation

/// Finds personal data with patterns and checksums: no model, so it is deterministic, fast and
/// cannot leak the text anywhere. `detect` throws only on text it refuses to scan (too long to
/// finish within the hook's timeout), which the guardrail treats as "block".
public struct PIIDetector: Sendable {
    public struct TooLong: Error, Equatable {}

    /// Texts longer than this are refused rather than scanned slowly.
    public var maxScalars: Int

    public init(maxScalars: Int = 200_000) { self.maxScalars = maxScalars }

    struct Rule: Sendable {
        let kind: PIIKind
        let pattern: NSRegularExpression
        let check: @Sendable (Substring) -> Bool
    }

    static let streetSuffixes = "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq"

    static let rules: [Rule] = {
        func rule(_ kind: PIIKind, _ pattern: String, _ options: NSRegularExpression.Options = [],
                  check: @escaping @Sendable (Substring) -> Bool = { _ in true }) -> Rule {
            // The patterns are constants; a typo is a programming error caught by every test.
            Rule(kind: kind, pattern: try! NSRegularExpression(pattern: pattern, options: options), check: check)
        }
        return [
            rule(.email, #"(?<![\w.+-])[\p{L}\p{N}._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"#),
            rule(.iban, #"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"#, check: PIIChecks.iban),
            rule(.creditCard, #"(?<![\d+-])(?:\d[ -]?){12,18}\d(?![\d-])"#, check: PIIChecks.card),
            rule(.ssn, #"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])"#, check: PIIChecks.ssn),
            rule(.ipAddress, #"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)"#, check: PIIChecks.ipv4),
            rule(.ipAddress, #"(?<![\w:])(?:[0-9A-Fa-f]{1,4})?(?:::?[0-9A-Fa-f]{1,4}){1,7}(?:::)?(?![\w:])|(?<![\w:])::(?![\w:])"#,
                 check: PIIChecks.ipv6),
            rule(.phone, #"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w-])"#, check: PIIChecks.phone),
            rule(.phone, #"(?<![\w+-])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])"#, check: PIIChecks.phone),
            rule(.streetAddress,
                 #"\b\d{1,6}(?: (?:[NSEW]\.?|[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))){1,4} (?:\#(streetSuffixes))\b(?:,? (?:Suite|Ste|Apt|Unit|#) ?[A-Za-z0-9-]+)?"#),
        ]
    }()

    /// All findings, sorted by start, never overlapping.
    public func detect(_ text: String) throws -> [PIISpan] {
        let scalars = text.unicodeScalars
        guard scalars.count <= maxScalars else { throw TooLong() }
        // NSRegularExpression counts UTF-16 units; spans count scalars.
        var scalarAt = [Int](repeating: 0, count: text.utf16.count + 1)
        var u16 = 0
        for (i, s) in scalars.enumerated() {
            let width = s.utf16.count
            for k in 0..<width { scalarAt[u16 + k] = i }
            u16 += width
        }
        scalarAt[u16] = scalars.count

        let ns = text as NSString
        var candidates: [PIISpan] = []
        for rule in Self.rules {
            for m in rule.pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let value = Substring(ns.substring(with: m.range))
                guard rule.check(value) else { continue }
                candidates.append(PIISpan(kind: rule.kind, start: scalarAt[m.range.location], end: scalarAt[m.range.location + m.range.length]))
            }
        }
        candidates.sort { ($0.kind.precedence, $1.end - $1.start, $0.start) < ($1.kind.precedence, $0.end - $0.start, $1.start) }
        var kept: [PIISpan] = []
        for c in candidates where !kept.contains(where: { $0.start < c.end && c.start < $0.end }) {
            kept.append(c)
        }
        return kept.sorted { $0.start < $1.start }
    }
}
