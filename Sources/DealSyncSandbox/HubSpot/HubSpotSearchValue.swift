/// A property value in the form search compares it: dates as epoch ms (from ISO or ms strings),
/// numbers as numbers, everything else case-insensitively as text.
enum HubSpotSearchValue: Comparable, Sendable {
    case millis(Int64)
    case number(Double)
    case text(String)

    init(_ raw: String, _ kind: HubSpotProperty.Kind) {
        switch kind {
        case .datetime, .date:
            if let ms = HubSpotTime.parse(raw) { self = .millis(ms); return }
        case .number:
            if let n = Double(raw) { self = .number(n); return }
        default: break
        }
        self = .text(raw.lowercased())
    }
}

/// One filter with its operands parsed once for the property's type, so testing a record costs
/// one parse of the record's value.
struct HubSpotCompiledFilter: Sendable {
    let property: String
    let op: HubSpotSearchRequest.Operator
    let kind: HubSpotProperty.Kind
    let operands: [HubSpotSearchValue]
    let pattern: String

    init(_ f: HubSpotSearchRequest.Filter, kind: HubSpotProperty.Kind) {
        property = f.property
        op = f.op
        self.kind = kind
        let raw: [String] = switch f.op {
        case .IN, .NOT_IN: f.values
        case .BETWEEN: [f.value ?? "", f.highValue ?? ""]
        default: f.value.map { [$0] } ?? []
        }
        operands = raw.map { HubSpotSearchValue($0, kind) }
        pattern = (f.value ?? "").lowercased()
    }

    func test(_ r: HubSpotRecord) -> Bool {
        let raw = r.properties[property].flatMap { $0.isEmpty ? nil : $0 }
        switch op {
        case .HAS_PROPERTY: return raw != nil
        case .NOT_HAS_PROPERTY: return raw == nil
        case .CONTAINS_TOKEN: return raw.map { Self.containsToken($0, pattern) } ?? false
        case .NOT_CONTAINS_TOKEN: return raw.map { !Self.containsToken($0, pattern) } ?? true
        default: break
        }
        guard let raw else { return op == .NEQ || op == .NOT_IN }
        let v = HubSpotSearchValue(raw, kind)
        switch op {
        case .EQ: return v == operands[0]
        case .NEQ: return v != operands[0]
        case .LT: return v < operands[0]
        case .LTE: return v <= operands[0]
        case .GT: return v > operands[0]
        case .GTE: return v >= operands[0]
        case .BETWEEN: return v >= operands[0] && v <= operands[1]
        case .IN: return operands.contains(v)
        case .NOT_IN: return !operands.contains(v)
        default: return false
        }
    }

    /// Token match with `*` wildcards, against the whole value or any word of it.
    static func containsToken(_ value: String, _ pattern: String) -> Bool {
        let v = value.lowercased()
        let words = v.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return ([v] + words).contains { glob(pattern[...], $0[...]) }
    }

    private static func glob(_ p: Substring, _ s: Substring) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "*" {
            let rest = p.dropFirst()
            var tail = s
            while true {
                if glob(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let c = s.first, c == first else { return false }
        return glob(p.dropFirst(), s.dropFirst())
    }
}
