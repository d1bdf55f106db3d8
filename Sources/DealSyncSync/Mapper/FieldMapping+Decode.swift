import DealSyncCore
import Foundation

/// What the mapper needs besides the mapping itself: the owner map and the link table.
struct MappingEnvironment {
    var crm: CRMKind
    var defaultCurrency: String
    var owners: OwnerMap
    var references: (any ReferenceLookup)?
}

extension FieldMapping {
    /// The canonical value of this field in a remote record, or nil when the record does not
    /// carry the field (a partial payload) or holds something that cannot be mapped (an unknown
    /// stage, an unlinked reference): then the field is simply not reported.
    func decode(_ binding: CRMBinding, from fields: [String: RemoteValue], env: MappingEnvironment) -> FieldValue? {
        if let entries = binding.values {
            guard binding.remoteFields.contains(where: { fields.value(at: $0) != nil }) else { return nil }
            if binding.remoteFields.allSatisfy({ fields.value(at: $0)?.isEmptyValue ?? true }) { return .null }
            return Self.match(entries, in: fields).map(FieldValue.enumeration)
        }
        guard let raw = fields.value(at: binding.field) else { return nil }
        if raw.isEmptyValue && type != .money { return .null }
        switch type {
        case .string, .enumeration:
            return decodeText(raw, binding, env).map { type == .string ? FieldValue.string($0) : FieldValue.enumeration($0) }?.normalized
        case .money:
            guard let amount = raw.decimalValue else { return raw.isEmptyValue ? .null : nil }
            let code = binding.currencyField.flatMap { fields.value(at: $0)?.stringValue }
                .flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? env.defaultCurrency
            return .money(Money(amount: amount * (binding.scale ?? 1), currency: code))
        case .decimal:
            return raw.decimalValue.map { .decimal($0 * (binding.scale ?? 1)) }
        case .date:
            return raw.stringValue.flatMap(WireTime.parse).map { .date(WireTime.calendarDate($0)) }
        case .datetime:
            return raw.stringValue.flatMap(WireTime.parse).map { FieldValue.datetime($0).normalized }
        case .bool:
            switch raw {
            case .bool(let b): return .bool(b)
            case .number(let n): return .bool(n != 0)
            case .string(let s): return ["true": true, "1": true, "false": false, "0": false][s.lowercased()].map(FieldValue.bool)
            default: return nil
            }
        case .multi:
            let items: [String]
            switch raw {
            case .array(let values): items = values.compactMap(\.stringValue)
            case .string(let s): items = binding.separator.map { s.components(separatedBy: $0) } ?? [s]
            default: return nil
            }
            let set = FieldValue.multi(items.map(FieldValue.string)).normalized
            return set == .multi([]) ? .null : set
        case .reference:
            guard let id = raw.stringValue, let target, let record = env.references?.recordID(kind: target, crm: env.crm, externalID: id)
            else { return nil }
            return .reference(record)
        }
    }

    private func decodeText(_ raw: RemoteValue, _ binding: CRMBinding, _ env: MappingEnvironment) -> String? {
        switch binding.transform {
        case .primary?:
            guard case .array(let items) = raw else { return raw.stringValue }
            let chosen = items.first { $0["primary"] == .bool(true) } ?? items.first
            return chosen.flatMap { $0["value"]?.stringValue ?? $0.stringValue }
        case .domain?:
            return raw.stringValue.map(bareDomain)
        case .givenName?, .familyName?:
            // Split as Pipedrive splits a person's name: the first word, then the rest.
            let parts = (raw.stringValue ?? "").trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            let part = binding.transform == .givenName ? parts.first : (parts.count > 1 ? parts[1] : nil)
            return part.map(String.init) ?? ""
        case .owner?:
            // An owner the map does not know keeps its CRM id, prefixed, so it is not lost and
            // is written back only to the CRM it came from.
            return raw.stringValue.map { env.owners.key(crm: env.crm, id: $0) ?? "\(env.crm.rawValue):\($0)" }
        case nil:
            return raw.stringValue
        }
    }

    /// The first row whose every remote field matches (strings compared trimmed, case-insensitively).
    static func match(_ entries: [ValueMapEntry], in fields: [String: RemoteValue]) -> String? {
        entries.first { entry in
            entry.remote.allSatisfy { field, expected in
                guard let actual = fields.value(at: field)?.stringValue else { return false }
                return actual.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(expected) == .orderedSame
            }
        }?.canonical
    }
}
