import Foundation
import Yams

/// A position in a parsed mappings file: a Yams node plus the file name and key path, so every
/// accessor can fail with an error that names file, line and key.
struct YAMLCursor {
    let node: Node
    let file: String
    let path: String

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> MappingError {
        MappingError(file: file, line: line, path: path, message: message)
    }

    func child(_ key: String, _ node: Node) -> YAMLCursor {
        YAMLCursor(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries in file order, keys as strings.
    func entries() throws -> [(key: String, value: YAMLCursor)] {
        guard let mapping = node.mapping else { throw error("expected a mapping") }
        var seen = Set<String>()
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw child("?", pair.key).error("keys must be strings") }
            guard seen.insert(key).inserted else { throw child(key, pair.key).error("duplicate key") }
            return (key, child(key, pair.value))
        }
    }

    /// The value under `key`, or nil when absent.
    func optional(_ key: String) throws -> YAMLCursor? {
        try entries().first { $0.key == key }?.value
    }

    func required(_ key: String) throws -> YAMLCursor {
        guard let value = try optional(key) else { throw error("missing key `\(key)`") }
        return value
    }

    /// Fails on any key outside `allowed`: a typo must not be silently ignored.
    func rejectUnknownKeys(_ allowed: Set<String>) throws {
        for (key, value) in try entries() where !allowed.contains(key) {
            throw value.error("unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    var isMapping: Bool { node.mapping != nil }
    var isSequence: Bool { node.sequence != nil }

    func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a string") }
        return scalar.string
    }

    /// Parsed here because files are composed without implicit typing (see `ObjectMapping.parse`).
    func bool() throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true"?, "yes"?, "on"?: return true
        case "false"?, "no"?, "off"?: return false
        default: throw error("expected true or false")
        }
    }

    func decimalText() throws -> String {
        guard let scalar = node.scalar, Double(scalar.string) != nil else { throw error("expected a number") }
        return scalar.string
    }

    func items() throws -> [YAMLCursor] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { child("\($0.offset)", $0.element) }
    }

    func strings() throws -> [String] {
        try items().map { try $0.string() }
    }

    /// A duration such as `300`, `90s`, `5m` or `1h`, in seconds.
    func duration() throws -> Double {
        let text = try string().trimmingCharacters(in: .whitespaces)
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        if let unit = text.last, let scale = units[unit], let n = Double(text.dropLast()), n >= 0 { return n * scale }
        if let n = Double(text), n >= 0 { return n }
        throw error("expected a duration such as 300, 90s, 5m or 1h")
    }
}
