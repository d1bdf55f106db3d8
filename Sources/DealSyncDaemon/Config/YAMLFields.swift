import Yams

/// A YAML value together with the dotted key path that reached it, so every problem can be
/// reported as `file:line: key.path: …` from the node's own mark.
struct YAMLField {
    let node: Node
    let path: String
    /// Line of the key, used when the value itself has no useful position (e.g. empty values).
    let keyLine: Int?

    var line: Int? { node.mark?.line ?? keyLine }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Walks a YAML tree, collecting every problem instead of stopping at the first.
/// Each accessor returns nil after recording an issue, so callers just skip what failed.
struct YAMLFieldReader {
    let file: String
    private(set) var issues: [ConfigIssue] = []

    init(file: String) {
        self.file = file
    }

    mutating func fail(_ line: Int?, _ path: String, _ message: String) {
        issues.append(ConfigIssue(file: file, line: line, keyPath: path, message: message))
    }

    mutating func fail(_ field: YAMLField, _ message: String) {
        fail(field.line, field.path, message)
    }

    /// Takes over the problems found in a file the configuration refers to (a connector file).
    mutating func absorb(_ other: YAMLFieldReader) {
        issues += other.issues
    }

    /// The keys of a mapping as fields. Unknown keys are rejected (they are nearly always typos)
    /// and named with the closest allowed key. An empty value (`orgs:`) reads as an empty mapping.
    mutating func mapping(_ field: YAMLField, allowed: [String]? = nil) -> [String: YAMLField]? {
        if isNull(field.node) { return [:] }
        guard case .mapping(let mapping) = field.node else {
            fail(field, "expected a mapping, found \(Self.kindName(field.node))")
            return nil
        }
        var result: [String: YAMLField] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                fail(keyNode.mark?.line, field.path, "keys must be plain strings")
                continue
            }
            let child = YAMLField(node: value, path: field.child(key.string), keyLine: keyNode.mark?.line)
            if let allowed, !allowed.contains(key.string) {
                fail(keyNode.mark?.line, child.path, Self.unknownKeyMessage(key.string, allowed: allowed))
                continue
            }
            result[key.string] = child
        }
        return result
    }

    /// A required key: records "missing key" against the parent's line when absent.
    mutating func require(_ fields: [String: YAMLField], _ key: String, in parent: YAMLField) -> YAMLField? {
        if let field = fields[key], !isNull(field.node) { return field }
        fail(fields[key]?.line ?? parent.keyLine ?? parent.line, parent.child(key), "missing required key")
        return nil
    }

    /// A non-empty scalar string.
    mutating func string(_ field: YAMLField) -> String? {
        guard case .scalar(let scalar) = field.node else {
            fail(field, "expected a string, found \(Self.kindName(field.node))")
            return nil
        }
        guard !scalar.string.isEmpty, !isNull(field.node) else {
            fail(field, "must not be empty")
            return nil
        }
        return scalar.string
    }

    /// A sequence of non-empty scalar strings.
    mutating func stringList(_ field: YAMLField) -> [String]? {
        guard case .sequence(let sequence) = field.node else {
            fail(field, "expected a list, found \(Self.kindName(field.node))")
            return nil
        }
        var result: [String] = []
        for (i, item) in sequence.enumerated() {
            guard let s = string(YAMLField(node: item, path: "\(field.path)[\(i)]", keyLine: field.line)) else {
                return nil
            }
            result.append(s)
        }
        return result
    }

    /// A scalar parsed by a value parser whose failure message is recorded as is.
    mutating func parsed<T>(_ field: YAMLField, _ parse: (String) -> Result<T, ConfigValueError>) -> T? {
        guard let text = string(field) else { return nil }
        switch parse(text) {
        case .success(let value): return value
        case .failure(let error):
            fail(field, error.message)
            return nil
        }
    }

    func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar(let s): node.null != nil ? "nothing" : "\"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        let closest = allowed.min { editDistance(key, $0) < editDistance(key, $1) }
        if let closest, editDistance(key, closest) <= 2 {
            return "unknown key \"\(key)\" (did you mean \(closest)?)"
        }
        return "unknown key \"\(key)\" (expected one of \(allowed.joined(separator: ", ")))"
    }

    /// Levenshtein distance; keys are short, so the quadratic table is fine.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
