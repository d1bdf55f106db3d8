import DealSyncCore
import Foundation

extension CRMBinding {
    static let bindingKeys: Set<String> = ["field", "direction", "currency_field", "format", "values", "aliases",
                                           "scale", "separator", "transform", "lookup"]

    /// A binding is a remote field name, or a mapping with `field` and options.
    static func parse(_ node: YAMLCursor, for mapping: FieldMapping) throws -> CRMBinding {
        if !node.isMapping {
            let binding = CRMBinding(field: try node.string(), direction: .both)
            try binding.validate(node, for: mapping)
            return binding
        }
        try node.rejectUnknownKeys(bindingKeys)
        let field = try node.required("field").string()
        var binding = CRMBinding(field: field, direction: .both)
        if let n = try node.optional("direction") {
            guard let d = Direction(rawValue: try n.string()) else { throw n.error("expected both, in or out") }
            binding.direction = d
        }
        binding.currencyField = try node.optional("currency_field")?.string()
        if let n = try node.optional("format") {
            guard let f = WireFormat(rawValue: try n.string()) else {
                throw n.error("expected one of: \(WireFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            binding.format = f
        }
        if let n = try node.optional("scale") {
            guard let s = Decimal(string: try n.decimalText(), locale: Locale(identifier: "en_US_POSIX")), s > 0 else {
                throw n.error("expected a positive number")
            }
            binding.scale = s
        }
        binding.separator = try node.optional("separator")?.string()
        if let n = try node.optional("transform") {
            guard let t = Transform(rawValue: try n.string()) else {
                throw n.error("expected one of: \(Transform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            binding.transform = t
        }
        if let n = try node.optional("lookup") {
            guard let l = Lookup(rawValue: try n.string()) else {
                throw n.error("expected one of: \(Lookup.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            binding.lookup = l
        }
        if let n = try node.optional("values") { binding.values = try Self.parseValues(n, field: field) }
        if let n = try node.optional("aliases") {
            let aliases = try n.entries().map { remote, canonical in
                ValueMapEntry(canonical: try canonical.string(), remote: [field: remote], inOnly: true)
            }
            binding.values = (binding.values ?? []) + aliases
        }
        try binding.validate(node, for: mapping)
        return binding
    }

    /// `{canonical: remote}` for one remote field, or a list of `{canonical: c, <field>: v, …, in_only: bool}`
    /// rows when a value spans several remote fields.
    private static func parseValues(_ node: YAMLCursor, field: String) throws -> [ValueMapEntry] {
        if node.isMapping {
            return try node.entries().map { canonical, remote in
                ValueMapEntry(canonical: canonical, remote: [field: try remote.string()], inOnly: false)
            }
        }
        return try node.items().map { row in
            var remote: [String: String] = [:]
            var canonical: String?
            var inOnly = false
            for (key, value) in try row.entries() {
                switch key {
                case "canonical": canonical = try value.string()
                case "in_only": inOnly = try value.bool()
                default: remote[key] = try value.string()
                }
            }
            guard let canonical else { throw row.error("each row needs `canonical`") }
            guard !remote.isEmpty else { throw row.error("each row needs at least one remote field value") }
            return ValueMapEntry(canonical: canonical, remote: remote, inOnly: inOnly)
        }
    }

    /// Options must fit the field's type, and an enum written to a CRM must spell every value.
    private func validate(_ node: YAMLCursor, for mapping: FieldMapping) throws {
        let type = mapping.type
        func require(_ ok: Bool, _ key: String, _ message: String) throws {
            if !ok { throw (try node.optional(key) ?? node).error(message) }
        }
        try require(currencyField == nil || type == .money, "currency_field", "only money fields have a currency field")
        try require(format == nil || type == .date || type == .datetime, "format", "only date and datetime fields have a format")
        try require(scale == nil || type == .decimal || type == .money, "scale", "only numbers scale")
        try require(separator == nil || type == .multi, "separator", "only multi fields join with a separator")
        try require(values == nil || type == .enumeration, "values", "only enum fields map values")
        switch transform {
        case .owner?: try require(type == .string || type == .enumeration, "transform", "owner maps string fields")
        case .primary?, .domain?, .givenName?, .familyName?:
            try require(type == .string, "transform", "\(transform!.rawValue) applies to string fields")
        case nil: break
        }
        guard let values else { return }
        let valuesNode = try node.optional("values") ?? node.optional("aliases") ?? node
        if let allowed = mapping.enumValues {
            for entry in values where !allowed.contains(entry.canonical) {
                throw valuesNode.error("`\(entry.canonical)` is not one of the field's values (\(allowed.joined(separator: ", ")))")
            }
            if direction.writes {
                for value in allowed where !values.contains(where: { $0.canonical == value && !$0.inOnly }) {
                    throw valuesNode.error("no value for `\(value)`: every canonical value needs a spelling to be written")
                }
            }
        }
    }
}
