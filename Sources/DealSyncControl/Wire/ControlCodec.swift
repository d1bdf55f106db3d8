import Foundation

/// The one JSON dialect of the control socket, shared by daemon and client: compact (a reply is
/// exactly one line, since JSON escapes every newline inside strings), sorted keys (stable output
/// for scripts and tests) and ISO 8601 dates.
public enum ControlCodec {
    /// The newline that ends every request and reply.
    public static let newline: UInt8 = 0x0A

    public static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    public static func makeDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// `value` as one JSON line, newline included.
    public static func line<T: Encodable>(_ value: T) throws -> [UInt8] {
        var bytes = [UInt8](try makeEncoder().encode(value))
        bytes.append(newline)
        return bytes
    }

    /// `value` as compact JSON text without the newline (for `--json` output and logs).
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try makeEncoder().encode(value), as: UTF8.self)
    }

    /// Parses one line (without its newline) into a JSON value.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> ControlValue {
        try makeDecoder().decode(ControlValue.self, from: Data(bytes))
    }

    /// Any encodable value as a `ControlValue`, with the same date and key rules as the wire.
    public static func value<T: Encodable>(of value: T) throws -> ControlValue {
        try makeDecoder().decode(ControlValue.self, from: try makeEncoder().encode(value))
    }

    /// A typed value out of a `ControlValue`, e.g. a command's arguments or result.
    public static func decode<T: Decodable>(_ type: T.Type, from value: ControlValue) throws -> T {
        try makeDecoder().decode(type, from: try makeEncoder().encode(value))
    }

    /// A short, human-readable account of why decoding failed, naming the argument.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return "missing argument '\(path(ctx.codingPath + [key]))'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "argument '\(path(ctx.codingPath))' has the wrong type"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? ctx.debugDescription : "argument '\(path(ctx.codingPath))': \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
