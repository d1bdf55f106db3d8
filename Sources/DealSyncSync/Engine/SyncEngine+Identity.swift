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
        if let linked = try tx.recordID(for: kind, externalID: remote.externalID, in: source) { return (linked, .linked) }
        let object = mappings.objects[kind]
        var candidates: [RecordID] = []
        if let idField = object?.idField, case .string(let text)? = canonical[idField], let id = RecordID(text),
           let stored = try tx.record(id), stored.kind == kind {
            candidates.append(id)
        }
        if let key = object?.naturalKey, let value = canonical[key], !value.isBlank {
            candidates += try tx.records(kind: kind, field: key, value: value)
        }
        if let first = object?.matchOn.first, let value = canonical[first], !value.isBlank,
           object!.matchOn.allSatisfy({ canonical[$0].map { !$0.isBlank } ?? false }) {
            for candidate in try tx.records(kind: kind, field: first, value: value)
            where try object!.matchOn.dropFirst().allSatisfy({ try tx.field($0, of: candidate)?.value == canonical[$0]?.normalized }) {
                candidates.append(candidate)
            }
        }
        for candidate in candidates where try tx.externalID(of: candidate, kind: kind, in: source) == nil {
            try tx.link(candidate, kind: kind, to: source, externalID: remote.externalID)
            return (candidate, .matched)
        }
        let id = RecordID.make(at: tx.now)
        try tx.insertRecord(id, kind: kind)
        try tx.link(id, kind: kind, to: source, externalID: remote.externalID)
        return (id, .created)
    }
}
