import DealSyncCore
import DealSyncStore
import Foundation

extension SyncEngine {
    enum Identity { case linked, matched, created }

    /// The canonical record a remote record belongs to: its link; else the DealSync id it carries;
    /// else its natural key (contact email, company domain); else a new record. A record has at
    /// most one link per source, so a match already linked to this source is not reused.
    func identify(_ remote: RemoteRecord, canonical: [String: FieldValue], from source: SourceID, kind: RecordKind,
                  tx: OrgWriteTransaction) throws -> (RecordID, Identity) {
        if let linked = try tx.recordID(forExternalID: remote.externalID, in: source) { return (linked, .linked) }
        let object = mappings.objects[kind]
        var candidates: [RecordID] = []
        if let idField = object?.idField, case .string(let text)? = canonical[idField], let id = RecordID(text),
           let stored = try tx.record(id), stored.kind == kind {
            candidates.append(id)
        }
        if let key = object?.naturalKey, let value = canonical[key], !value.isBlank {
            candidates += try tx.records(kind: kind, field: key, value: value)
        }
        for candidate in candidates where try tx.externalID(of: candidate, in: source) == nil {
            try tx.link(candidate, to: source, externalID: remote.externalID)
            return (candidate, .matched)
        }
        let id = RecordID.make(at: tx.now)
        try tx.insertRecord(id, kind: kind)
        try tx.link(id, to: source, externalID: remote.externalID)
        return (id, .created)
    }
}
