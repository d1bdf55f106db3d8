import DealSyncCore
import Foundation

extension FieldMapping {
    /// The remote fields (by dotted path) that hold `value` in this CRM, or nil when the value
    /// cannot be written there (an owner or reference the CRM does not know, an unmapped enum
    /// value): the field is then left alone rather than overwritten with a guess.
    func encode(_ value: FieldValue, _ binding: CRMBinding, env: MappingEnvironment) -> [String: RemoteValue]? {
        let crm = env.crm
        if let entries = binding.values {
            guard case .enumeration(let canonical) = value else {
                return value == .null ? [binding.field: crm.wire(.null)] : nil
            }
            guard let entry = entries.first(where: { $0.canonical == canonical && !$0.inOnly }) else { return nil }
            return entry.remote.mapValues { RemoteValue.string($0) }
        }
        if value == .null { return [binding.field: crm.wire(.null)] }
        switch value {
        case .string(let s), .enumeration(let s):
            return encodeText(s, binding, env).map { [binding.field: crm.wire($0)] }
        case .money(let m):
            var out = [binding.field: crm.wire(.number(m.amount / (binding.scale ?? 1)))]
            if let currencyField = binding.currencyField { out[currencyField] = .string(m.currency) }
            return out
        case .decimal(let d):
            return [binding.field: crm.wire(.number(d / (binding.scale ?? 1)))]
        case .date(let d):
            return [binding.field: crm.wire(Self.time(WireTime.midnight(d), binding.format ?? .date))]
        case .datetime(let d):
            return [binding.field: crm.wire(Self.time(d, binding.format ?? .datetime))]
        case .bool(let b):
            return [binding.field: crm.wire(.bool(b))]
        case .multi(let items):
            let strings = items.compactMap { item -> String? in
                if case .string(let s) = item { return s }
                if case .enumeration(let s) = item { return s }
                return nil
            }
            if let separator = binding.separator { return [binding.field: .string(strings.joined(separator: separator))] }
            return [binding.field: .array(strings.map(RemoteValue.string))]
        case .reference(let record):
            guard let target, let id = env.references?.externalID(kind: target, crm: crm, recordID: record) else { return nil }
            return [binding.field: crm.stringifiesValues ? .string(id) : crm.wireID(id)]
        case .null:
            return nil
        }
    }

    private func encodeText(_ text: String, _ binding: CRMBinding, _ env: MappingEnvironment) -> RemoteValue? {
        switch binding.transform {
        case .primary?:
            return .array([.object(["value": .string(text), "primary": .bool(true), "label": .string("work")])])
        case .domain?:
            return .string(bareDomain(text))
        case .givenName?, .familyName?:
            // Composed with the other half by `MappingSet.toRemote`.
            return .string(text)
        case .owner?:
            let prefix = env.crm.rawValue + ":"
            let id = env.owners.id(crm: env.crm, key: text) ?? (text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil)
            return id.map { env.crm.stringifiesValues ? .string($0) : env.crm.wireID($0) }
        case nil:
            return .string(text)
        }
    }

    static func time(_ date: Date, _ format: WireFormat) -> RemoteValue {
        switch format {
        case .date: .string(WireTime.calendarDate(date).description)
        case .datetime: .string(WireTime.iso(date, milliseconds: true))
        case .isoSeconds: .string(WireTime.iso(date, milliseconds: false))
        case .epochMs: .number(Decimal(WireTime.epochMilliseconds(date)))
        }
    }
}
