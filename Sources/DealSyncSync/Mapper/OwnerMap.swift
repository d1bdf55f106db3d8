import DealSyncCore
import Foundation
import Yams

/// CRM user ids ↔ one canonical owner key (the owner's email), so a deal owned by Ana in
/// Salesforce is owned by Ana in HubSpot and Pipedrive too. Loaded from `mappings/owners.yaml`
/// and/or built at runtime from each CRM's user list (`merging`).
public struct OwnerMap: Sendable, Hashable {
    public struct Owner: Sendable, Hashable {
        /// The canonical key: an email, compared case-insensitively.
        public var key: String
        public var ids: [CRMKind: String]
        public init(key: String, ids: [CRMKind: String]) {
            self.key = key.lowercased()
            self.ids = ids
        }
    }

    public private(set) var owners: [Owner]

    public init(_ owners: [Owner] = []) { self.owners = owners }

    public func key(crm: CRMKind, id: String) -> String? {
        owners.first { $0.ids[crm] == id }?.key
    }

    public func id(crm: CRMKind, key: String) -> String? {
        let key = key.lowercased()
        return owners.first { $0.key == key }?.ids[crm]
    }

    /// Adds `other`'s ids; for a key both know, `other`'s ids win (fresher, read from the CRM).
    public func merging(_ other: OwnerMap) -> OwnerMap {
        var merged = owners
        for owner in other.owners {
            if let i = merged.firstIndex(where: { $0.key == owner.key }) {
                merged[i].ids.merge(owner.ids) { _, new in new }
            } else {
                merged.append(owner)
            }
        }
        return OwnerMap(merged)
    }

    /// `owners: [{key: ana@example.com, salesforce: 005…, hubspot: "101", pipedrive: "2"}]`
    public static func parse(yaml text: String, file: String) throws -> OwnerMap {
        guard let root = try? Yams.compose(yaml: text, .basic) else {
            throw MappingError(file: file, line: nil, path: "", message: "not valid YAML")
        }
        let doc = YAMLCursor(node: root, file: file, path: "")
        try doc.rejectUnknownKeys(["owners"])
        guard let list = try doc.optional("owners"), list.node.scalar?.string != "" else { return OwnerMap() }
        return OwnerMap(try list.items().map { item in
            try item.rejectUnknownKeys(Set(["key"] + CRMKind.allCases.map(\.rawValue)))
            let key = try item.required("key").string()
            guard key.contains("@") else { throw item.child("key", item.node).error("expected the owner's email") }
            var ids: [CRMKind: String] = [:]
            for crm in CRMKind.allCases {
                if let id = try item.optional(crm.rawValue) { ids[crm] = try id.string() }
            }
            return Owner(key: key, ids: ids)
        })
    }
}

/// Links between canonical records and CRM ids, for reference fields (a deal's account).
/// Synchronous on purpose: the engine prefetches the links a batch needs, so mapping stays pure.
public protocol ReferenceLookup: Sendable {
    func recordID(kind: RecordKind, crm: CRMKind, externalID: String) -> RecordID?
    func externalID(kind: RecordKind, crm: CRMKind, recordID: RecordID) -> String?
}

/// A `ReferenceLookup` over an in-memory table of links.
public struct LinkTable: ReferenceLookup, Hashable {
    public struct Key: Hashable, Sendable {
        var kind: RecordKind, crm: CRMKind, externalID: String
    }
    private var byExternal: [Key: RecordID] = [:]

    public init() {}

    public mutating func link(_ record: RecordID, kind: RecordKind, crm: CRMKind, externalID: String) {
        byExternal[Key(kind: kind, crm: crm, externalID: externalID)] = record
    }

    public func recordID(kind: RecordKind, crm: CRMKind, externalID: String) -> RecordID? {
        byExternal[Key(kind: kind, crm: crm, externalID: externalID)]
    }

    public func externalID(kind: RecordKind, crm: CRMKind, recordID: RecordID) -> String? {
        byExternal.first { $0.key.kind == kind && $0.key.crm == crm && $0.value == recordID }?.key.externalID
    }
}
