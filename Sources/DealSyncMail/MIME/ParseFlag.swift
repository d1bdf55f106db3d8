/// What went wrong while reading a message. A flagged message still carries everything that
/// could be read: the watcher stores it and moves on instead of retrying it forever.
public enum ParseFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The message or one of its parts was larger than the limits; the rest was dropped.
    case truncated
    /// More parts than `MIMELimits.maxParts`; later parts were skipped.
    case tooManyParts = "too_many_parts"
    /// Multiparts nested deeper than `MIMELimits.maxDepth`; deeper parts were skipped.
    case tooDeep = "too_deep"
    /// Invalid base64, quoted-printable, encoded word or UTF-8; decoded leniently.
    case badEncoding = "bad_encoding"
    /// A charset we do not know; decoded as UTF-8 or Windows-1252, whichever fits.
    case unknownCharset = "unknown_charset"
    /// A multipart without a usable boundary; its body was read as plain text.
    case missingBoundary = "missing_boundary"
    /// A header line longer than `MIMELimits.maxHeaderValueBytes`; its value was cut.
    case headerTooLong = "header_too_long"
    /// A header line that is not `name: value`; it was skipped.
    case malformedHeader = "malformed_header"

    public static func < (lhs: ParseFlag, rhs: ParseFlag) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Bounds that keep one hostile message from costing unbounded memory or time.
public struct MIMELimits: Sendable, Hashable {
    /// Bytes of the raw message read at all; the rest is ignored (`truncated`).
    public var maxMessageBytes: Int
    /// Bytes of one header section (all fields of one entity).
    public var maxHeaderSectionBytes: Int
    /// Bytes kept of one header field's value.
    public var maxHeaderValueBytes: Int
    /// Entities (leaf and multipart) read in one message.
    public var maxParts: Int
    /// Multipart nesting levels followed.
    public var maxDepth: Int
    /// Characters of decoded text kept per text part.
    public var maxTextCharacters: Int

    public init(
        maxMessageBytes: Int = 25 * 1024 * 1024,
        maxHeaderSectionBytes: Int = 256 * 1024,
        maxHeaderValueBytes: Int = 16 * 1024,
        maxParts: Int = 500,
        maxDepth: Int = 32,
        maxTextCharacters: Int = 1_000_000
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderSectionBytes = maxHeaderSectionBytes
        self.maxHeaderValueBytes = maxHeaderValueBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
        self.maxTextCharacters = maxTextCharacters
    }
}
