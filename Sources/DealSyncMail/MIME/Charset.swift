import Foundation

/// Text decoding for the charsets mail actually uses. Foundation's `String.Encoding` is not
/// used because its Windows-1252 and Latin-1 coverage differs between Darwin and Linux.
public enum Charset: Sendable, Hashable {
    case utf8
    case latin1
    case windows1252

    /// The charset for a MIME charset label, or nil when it is unknown.
    public init?(label: String) {
        let name = label.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "\"", with: "")
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8": self = .utf8
        case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "ibm819":
            self = .latin1
        case "windows-1252", "cp1252", "x-cp1252", "win-1252": self = .windows1252
        default: return nil
        }
    }

    /// Decodes bytes. `valid` is false when UTF-8 bytes were malformed (replaced by U+FFFD).
    public func decode<C: Collection>(_ bytes: C) -> (text: String, valid: Bool) where C.Element == UInt8 {
        switch self {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
            return (String(decoding: bytes, as: UTF8.self), false)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            scalars.reserveCapacity(bytes.count)
            for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
            return (String(scalars), true)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            scalars.reserveCapacity(bytes.count)
            for byte in bytes { scalars.append(Charset.windows1252Scalar(byte)) }
            return (String(scalars), true)
        }
    }

    /// Decodes with a label that may be unknown: UTF-8 if the bytes are valid UTF-8, else
    /// Windows-1252 (a superset of Latin-1 in the printable range), and says it guessed.
    public static func decode<C: Collection>(_ bytes: C, label: String?) -> (text: String, flags: Set<ParseFlag>)
    where C.Element == UInt8 {
        if let label, !label.isEmpty, let charset = Charset(label: label) {
            let (text, valid) = charset.decode(bytes)
            return (text, valid ? [] : [.badEncoding])
        }
        let guessFlags: Set<ParseFlag> = (label?.isEmpty ?? true) ? [] : [.unknownCharset]
        if let text = String(validating: bytes, as: UTF8.self) { return (text, guessFlags) }
        return (Charset.windows1252.decode(bytes).text, guessFlags)
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F; five of those are unassigned and
    /// map to the C1 control of the same value, as the WHATWG encoding standard does.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80, byte <= 0x9F else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252High[Int(byte - 0x80)]) ?? Unicode.Scalar(byte)
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
    ]
}
