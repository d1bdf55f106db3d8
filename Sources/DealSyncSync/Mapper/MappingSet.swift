import DealSyncCore
import DealSyncResolver
import Foundation

/// Every object's mapping (`mappings/*.yaml`) plus the owner map (`mappings/owners.yaml`):
/// the Mapper of DESIGN §1 step 2. Pure: loading reads files, mapping does no I/O.
public struct MappingSet: Sendable, Hashable {
    public private(set) var objects: [RecordKind: ObjectMapping]
    public private(set) var owners: OwnerMap

    public init(objects: [ObjectMapping], owners: OwnerMap = OwnerMap()) throws {
        var byKind: [RecordKind: ObjectMapping] = [:]
        for object in objects {
            if let other = byKind[object.kind] {
                throw MappingError(file: object.file, line: 1, path: "object",
                                   message: "`\(object.kind.rawValue)` is already mapped in \(other.file)")
            }
            byKind[object.kind] = object
        }
        self.objects = byKind
        self.owners = owners
    }

    /// Loads every `*.yaml` file in `directory` (`owners.yaml` is the owner map). Errors name
    /// the file as `directory/name.yaml` with the line and key.
    public static func load(directory: String) throws -> MappingSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw MappingError(file: directory, line: nil, path: "", message: "cannot read the mappings directory")
        }
        var objects: [ObjectMapping] = []
        var owners = OwnerMap()
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MappingError(file: path, line: nil, path: "", message: "cannot read the file")
            }
            let text = String(decoding: data, as: UTF8.self)
            if name.hasPrefix("owners.") {
                owners = try OwnerMap.parse(yaml: text, file: path)
            } else {
                objects.append(try ObjectMapping.parse(yaml: text, file: path))
            }
        }
        guard !objects.isEmpty else {
            throw MappingError(file: directory, line: nil, path: "", message: "no mappings files (*.yaml) found")
        }
        return try MappingSet(objects: objects, owners: owners)
    }

    /// The same mappings with owners learned at runtime from the CRMs' user lists added.
    public func withOwners(_ learned: OwnerMap) -> MappingSet {
        var copy = self
        copy.owners = owners.merging(learned)
        return copy
    }

    // MARK: - Mapping

    /// A remote record's fields (as the CRM names them; Pipedrive custom fields and stages by
    /// NAME) → canonical fields. Only fields the record carries, the mapping reads (direction
    /// `both`/`in`) and that map cleanly are returned.
    public func toCanonical(_ kind: RecordKind, _ crm: CRMKind, remoteFields: [String: RemoteValue],
                            references: (any ReferenceLookup)? = nil) -> [String: FieldValue] {
        guard let object = objects[kind] else { return [:] }
        let env = environment(object, crm, references)
        var out: [String: FieldValue] = [:]
        for field in object.fields {
            guard let binding = field.bindings[crm], binding.direction.reads,
                  let value = field.decode(binding, from: remoteFields, env: env) else { continue }
            out[field.name] = value
        }
        return out
    }

    /// Canonical fields → the remote fields to write in this CRM (direction `both`/`out`),
    /// nested objects built from dotted paths. Fields that cannot be written there are left out
    /// (see `remoteWrite` to learn which).
    public func toRemote(_ kind: RecordKind, _ crm: CRMKind, canonical: [String: FieldValue], only: Set<String>? = nil,
                         references: (any ReferenceLookup)? = nil) -> [String: RemoteValue] {
        remoteWrite(kind, crm, canonical: canonical, only: only, references: references).fields
    }

    /// Like `toRemote`, and also names the canonical fields that could not be expressed in this
    /// CRM (an owner or linked record it does not know, an enum value with no spelling there).
    /// Their pushes must not be confirmed as written, or the CRM's differing value would later
    /// look like a fresh edit.
    /// `canonical` should hold the whole record and `only` the fields to write (a push's fields):
    /// a remote field composed of several canonical ones (Pipedrive's person `name` from first and
    /// last name) needs its other parts even when only one changed.
    public func remoteWrite(_ kind: RecordKind, _ crm: CRMKind, canonical: [String: FieldValue], only: Set<String>? = nil,
                            references: (any ReferenceLookup)? = nil) -> RemoteWrite {
        guard let object = objects[kind] else { return RemoteWrite(fields: [:], unwritable: []) }
        let env = environment(object, crm, references)
        var out: [String: RemoteValue] = [:]
        var unwritable = Set<String>()
        var nameParts: [String: (given: String?, family: String?, touched: Bool)] = [:]
        for field in object.fields {
            guard let value = canonical[field.name], let binding = field.bindings[crm], binding.direction.writes else { continue }
            let wanted = only?.contains(field.name) ?? true
            if binding.transform == .givenName || binding.transform == .familyName {
                var parts = nameParts[binding.field] ?? (nil, nil, false)
                let text = value.normalized == .null ? nil : (field.encode(value.normalized, binding, env: env)?[binding.field]?.stringValue)
                if binding.transform == .givenName { parts.given = text } else { parts.family = text }
                parts.touched = parts.touched || wanted
                nameParts[binding.field] = parts
                continue
            }
            guard wanted else { continue }
            guard let remote = field.encode(value.normalized, binding, env: env) else {
                unwritable.insert(field.name)
                continue
            }
            for (path, v) in remote.sorted(by: { $0.key < $1.key }) { out.set(v, at: path) }
        }
        for (path, parts) in nameParts where parts.touched {
            let full = [parts.given, parts.family].compactMap { $0 }.joined(separator: " ")
            if !full.isEmpty { out.set(crm.wire(.string(full)), at: path) }
        }
        return RemoteWrite(fields: out, unwritable: unwritable)
    }

    private func environment(_ object: ObjectMapping, _ crm: CRMKind, _ references: (any ReferenceLookup)?) -> MappingEnvironment {
        MappingEnvironment(crm: crm, defaultCurrency: object.defaultCurrency, owners: owners, references: references)
    }

    // MARK: - What connectors and the engine ask of the mappings

    /// Top-level remote fields a connector should request (SOQL `SELECT`, HubSpot `properties`).
    public func remoteFieldNames(_ kind: RecordKind, _ crm: CRMKind) -> [String] {
        var seen = Set<String>()
        return (objects[kind]?.fields ?? []).compactMap { $0.bindings[crm] }.flatMap(\.remoteFields)
            .map { String($0.split(separator: ".")[0]) }
            .filter { seen.insert($0).inserted }
    }

    /// Remote fields whose names the connector must translate (Pipedrive custom fields, stages).
    public func lookups(_ kind: RecordKind, _ crm: CRMKind) -> [String: Lookup] {
        var out: [String: Lookup] = [:]
        for field in objects[kind]?.fields ?? [] {
            if let binding = field.bindings[crm], let lookup = binding.lookup { out[binding.field] = lookup }
        }
        return out
    }

    /// Per canonical field, the resolver rule: its policy and the CRM kinds it is written to.
    /// Fields the mapping does not name are written nowhere.
    public func resolverRules(_ kind: RecordKind) -> [String: FieldRule] {
        var rules: [String: FieldRule] = [:]
        for field in objects[kind]?.fields ?? [] {
            let kinds = field.bindings.filter { $0.value.direction.writes }.map(\.key.rawValue)
            rules[field.name] = FieldRule(policy: field.policy, pushKinds: Set(kinds))
        }
        return rules
    }

    /// The resolver context for one record of `kind` held by `replicas` (source id → kind).
    public func resolverContext(_ kind: RecordKind, replicas: [SourceID: String]) -> ResolverContext {
        ResolverContext(replicas: Set(replicas.keys), ranking: ReplicaRanking(kinds: replicas),
                        rules: resolverRules(kind), defaultRule: FieldRule(policy: .defaultPolicy, pushKinds: []),
                        onDeleteConflict: objects[kind]?.onDeleteConflict ?? .updateWins)
    }
}

/// The remote fields of one write, and the canonical fields that could not be expressed.
public struct RemoteWrite: Sendable, Hashable {
    public var fields: [String: RemoteValue]
    public var unwritable: Set<String>
}
