/// An error the daemon reports for one request: `{"code":"…","message":"…"}`. The connection
/// survives every one of these; only the request failed.
public struct ControlError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable, machine-readable reason. Scripts match on it, so codes are never renamed.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
        public var description: String { rawValue }

        /// The line is not a JSON object with a string `cmd`, or an argument is missing or invalid.
        public static let badRequest = Code(rawValue: "bad_request")
        /// No command of that name.
        public static let unknownCommand = Code(rawValue: "unknown_command")
        /// A write command from a caller that is not root, the daemon's user or an admin group member.
        public static let forbidden = Code(rawValue: "forbidden")
        /// The request line exceeded the size limit (1 MiB).
        public static let tooLarge = Code(rawValue: "too_large")
        /// The named org, source, job or conflict does not exist.
        public static let notFound = Code(rawValue: "not_found")
        /// The request is valid but the current state does not allow it (e.g. already resolved).
        public static let conflict = Code(rawValue: "conflict")
        /// The daemon cannot serve the command right now (starting, stopping, part not running).
        public static let unavailable = Code(rawValue: "unavailable")
        /// The handler failed unexpectedly.
        public static let `internal` = Code(rawValue: "internal")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func badRequest(_ message: String) -> ControlError { .init(.badRequest, message) }
    public static func notFound(_ message: String) -> ControlError { .init(.notFound, message) }
    public static func conflict(_ message: String) -> ControlError { .init(.conflict, message) }
    public static func unavailable(_ message: String) -> ControlError { .init(.unavailable, message) }
}
