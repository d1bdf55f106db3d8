import DealSyncCore
import DealSyncResolver
import Foundation
import Yams

extension ObjectMapping {
    static let objectKeys: Set<String> = ["object", "on_delete_conflict", "default_currency", "natural_key", "match_on", "id_field", "fields"]

    /// Parses and validates one mappings file. `file` is the name errors report.
    public static func parse(yaml text: String, file: String) throws -> ObjectMapping {
        let root: Node
        do {
            // `.basic`: no implicit typing, so no regular expressions, which crash when Yams'
            // shared resolver is used from several threads at once; types are checked here.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw MappingError(file: file, line: nil, path: "", message: "the file is empty")
            }
            root = node
        } catch let error as MappingError {
            throw error
        } catch let error as YamlError {
            throw MappingError(file: file, line: Self.line(of: error), path: "", message: "not valid YAML: \(error)")
        }
        let doc = YAMLCursor(node: root, file: file, path: "")
        guard doc.isMapping else { throw doc.error("expected a mapping with `object` and `fields`") }
        try doc.rejectUnknownKeys(objectKeys)

        let objectNode = try doc.required("object")
        guard let kind = RecordKind(rawValue: try objectNode.string()) else {
            throw objectNode.error("unknown object (expected one of: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var onDelete = DeleteConflictPolicy.updateWins
        if let node = try doc.optional("on_delete_conflict") {
            guard let policy = DeleteConflictPolicy(rawValue: try node.string()) else {
                throw node.error("expected update_wins or delete_wins")
            }
            onDelete = policy
        }
        var currency = "USD"
        if let node = try doc.optional("default_currency") {
            currency = try node.string().uppercased()
            guard currency.count == 3, currency.allSatisfy(\.isLetter) else { throw node.error("expected an ISO 4217 code such as USD") }
        }
        let fieldsNode = try doc.required("fields")
        let fields = try fieldsNode.entries().map { name, node in
            try FieldMapping.parse(name: name, node)
        }
        guard !fields.isEmpty else { throw fieldsNode.error("at least one field is needed") }
        let names = Set(fields.map(\.name))
        for key in ["natural_key", "id_field"] {
            if let node = try doc.optional(key), !names.contains(try node.string()) {
                throw node.error("no field named `\(try node.string())`")
            }
        }
        var matchOn: [String] = []
        if let node = try doc.optional("match_on") {
            matchOn = try node.strings()
            if let unknown = matchOn.first(where: { !names.contains($0) }) { throw node.error("no field named `\(unknown)`") }
        }
        var mapping = ObjectMapping(kind: kind, file: file, onDeleteConflict: onDelete, defaultCurrency: currency,
                                    naturalKey: try doc.optional("natural_key")?.string(),
                                    idField: try doc.optional("id_field")?.string(), fields: fields)
        mapping.matchOn = matchOn
        return mapping
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}

extension FieldMapping {
    static let fieldKeys: Set<String> = Set(["type", "policy", "values", "target", "description"] + CRMKind.allCases.map(\.rawValue))

    static func parse(name: String, _ node: YAMLCursor) throws -> FieldMapping {
        try node.rejectUnknownKeys(fieldKeys)
        let typeNode = try node.required("type")
        guard let type = FieldType(rawValue: try typeNode.string()) else {
            throw typeNode.error("unknown type (expected one of: \(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var policy = ConflictPolicy.defaultPolicy
        if let policyNode = try node.optional("policy") {
            policy = try ConflictPolicy.parse(policyNode)
            if policy == .union && type != .multi { throw policyNode.error("union merges sets: only for multi fields") }
        }
        var enumValues: [String]?
        if let valuesNode = try node.optional("values") {
            guard type == .enumeration else { throw valuesNode.error("only enum fields list values") }
            enumValues = try valuesNode.strings()
        }
        var target: RecordKind?
        if let targetNode = try node.optional("target") {
            guard type == .reference else { throw targetNode.error("only reference fields have a target") }
            guard let kind = RecordKind(rawValue: try targetNode.string()) else { throw targetNode.error("unknown object") }
            target = kind
        } else if type == .reference {
            throw node.error("a reference field needs `target` (deal, contact, company, activity)")
        }
        var mapping = FieldMapping(name: name, type: type, policy: policy, enumValues: enumValues, target: target, bindings: [:])
        for crm in CRMKind.allCases {
            guard let bindingNode = try node.optional(crm.rawValue) else { continue }
            mapping.bindings[crm] = try CRMBinding.parse(bindingNode, for: mapping)
        }
        return mapping
    }
}

extension ConflictPolicy {
    /// `latest` | `{latest: 5m}` | `{latest: {skew: 5m, order: [...]}}` | `{prefer: [...], unless_blank: true}`
    /// | `max` | `min` | `union` | `manual`.
    static func parse(_ node: YAMLCursor) throws -> ConflictPolicy {
        if !node.isMapping {
            switch try node.string() {
            case "latest": return .defaultPolicy
            case "max": return .max
            case "min": return .min
            case "union": return .union
            case "manual": return .manual
            case let other: throw node.error("unknown policy `\(other)` (expected latest, prefer, max, min, union or manual)")
            }
        }
        if let latest = try node.optional("latest") {
            try node.rejectUnknownKeys(["latest"])
            if !latest.isMapping { return .latest(skew: try latest.duration(), order: defaultSourceOrder) }
            try latest.rejectUnknownKeys(["skew", "order"])
            return .latest(skew: try latest.optional("skew")?.duration() ?? 300,
                           order: try latest.optional("order")?.strings() ?? defaultSourceOrder)
        }
        if let prefer = try node.optional("prefer") {
            try node.rejectUnknownKeys(["prefer", "unless_blank"])
            let order = try prefer.strings()
            guard !order.isEmpty else { throw prefer.error("name at least one source or kind") }
            return .prefer(order: order, unlessBlank: try node.optional("unless_blank")?.bool() ?? false)
        }
        throw node.error("expected `latest` or `prefer` as the key")
    }
}
