/// A text with its personal data replaced by placeholders, and what was found where.
public struct Redaction: Sendable, Hashable, Codable {
    public var text: String
    /// Spans in the ORIGINAL text, in Unicode scalar offsets.
    public var spans: [PIISpan]

    /// Replaces each span with its kind's placeholder (`[EMAIL]`, `[PHONE]`, …).
    public init(original: String, spans: [PIISpan]) {
        var scalars = Array(original.unicodeScalars)
        for span in spans.sorted(by: { $0.start > $1.start }) {
            scalars.replaceSubrange(span.start..<span.end, with: span.kind.placeholder.unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.text = String(view)
        self.spans = spans
    }

    /// Kind → count, the only thing the audit log keeps.
    public var counts: [PIIKind: Int] {
        spans.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }
}

extension PIIDetector {
    public func redact(_ text: String) throws -> Redaction {
        Redaction(original: text, spans: try detect(text))
    }
}
