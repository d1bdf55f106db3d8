import DealSyncCore
import DealSyncStore

/// HubSpot and Pipedrive number each object type separately (deal 17 and company 17 are two
/// records), so the engine keys links by object kind and external id: `deal/17`.
extension OrgReading {
    func recordID(for kind: RecordKind, externalID: String, in source: SourceID) throws -> RecordID? {
        try recordID(forExternalID: LinkKey.make(kind, externalID), in: source)
    }

    func externalID(of record: RecordID, kind: RecordKind, in source: SourceID) throws -> String? {
        try externalID(of: record, in: source).map(LinkKey.strip)
    }
}

extension OrgWriteTransaction {
    func link(_ record: RecordID, kind: RecordKind, to source: SourceID, externalID: String) throws {
        try link(record, to: source, externalID: LinkKey.make(kind, externalID))
    }
}

enum LinkKey {
    static func make(_ kind: RecordKind, _ externalID: String) -> String { "\(kind.rawValue)/\(externalID)" }

    static func strip(_ key: String) -> String {
        guard let slash = key.firstIndex(of: "/") else { return key }
        return String(key[key.index(after: slash)...])
    }
}
