import Logging

/// A TCP listen address, `HOST:PORT` or `[IPv6]:PORT`.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:9464`, `localhost:9464` or `[::1]:9464`; the message says what is wrong.
    public static func parse(_ text: String) -> Result<ListenAddress, ConfigValueError> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                text[text.index(after: close)...].hasPrefix(":")
            else {
                return .failure(.init("bad listen address \"\(text)\" (expected [IPv6]:PORT)"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(.init("bad listen address \"\(text)\" (expected HOST:PORT, e.g. 127.0.0.1:9464)"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                return .failure(.init("bad listen address \"\(text)\" (write IPv6 hosts in brackets: [::1]:9464)"))
            }
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else {
            return .failure(.init("bad listen address \"\(text)\": missing or invalid host"))
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            return .failure(.init("bad listen address \"\(text)\": port must be a number from 0 to 65535"))
        }
        return .success(ListenAddress(host: String(host), port: port))
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// A value-level parse failure; the loader adds file, line and key.
public struct ConfigValueError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Durations are written `Ns`, `Nm` or `Nh` (also `Nms` for tests), a positive whole number.
public enum ConfigDuration {
    /// Keeps arithmetic on parsed durations far from overflow.
    static let maximumSeconds: Double = 365 * 24 * 3600

    public static func parse(_ text: String) -> Result<Duration, ConfigValueError> {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            // "5ms" also ends in "s"; only accept the suffix whose prefix is all digits.
            guard let n = Int(number), n > 0 else { continue }
            let seconds = Double(n) * unit.seconds
            guard seconds <= maximumSeconds else {
                return .failure(.init("duration \"\(text)\" is too long (at most 365 days)"))
            }
            return .success(.milliseconds(Int64(seconds * 1000)))
        }
        return .failure(.init("bad duration \"\(text)\" (expected a positive number with unit s, m or h, e.g. 30s)"))
    }
}

extension Logger.Level {
    /// The names accepted for `log_level`.
    static let configNames = Logger.Level.allCases.map(\.rawValue)
}
