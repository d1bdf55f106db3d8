/// The kinds of personal data the guardrail finds and redacts.
public enum PIIKind: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case email
    case phone
    case creditCard = "credit_card"
    case ssn
    case iban
    case ipAddress = "ip_address"
    case streetAddress = "street_address"

    /// What replaces the value in redacted text.
    public var placeholder: String {
        switch self {
        case .email: "[EMAIL]"
        case .phone: "[PHONE]"
        case .creditCard: "[CARD]"
        case .ssn: "[SSN]"
        case .iban: "[IBAN]"
        case .ipAddress: "[IP]"
        case .streetAddress: "[ADDRESS]"
        }
    }

    /// Which kind wins when two candidates overlap: the one with the stronger check
    /// (a checksum or an `@`) beats the looser digit patterns.
    var precedence: Int {
        switch self {
        case .email: 0
        case .iban: 1
        case .creditCard: 2
        case .ssn: 3
        case .ipAddress: 4
        case .phone: 5
        case .streetAddress: 6
        }
    }

    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.rawValue < b.rawValue }
}

/// One piece of personal data found in a text. Offsets count Unicode scalars (code points,
/// as Python's `str` indexes do), `start` inclusive and `end` exclusive.
public struct PIISpan: Sendable, Hashable, Codable {
    public var kind: PIIKind
    public var start: Int
    public var end: Int
    public init(kind: PIIKind, start: Int, end: Int) { self.kind = kind; self.start = start; self.end = end }
}
