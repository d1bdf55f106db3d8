import DealSyncCore
import DealSyncStore

/// Reference fields (a contact's company, a deal's account) through the links of the
/// transaction being read or written, so a reference to a record linked earlier in the same page resolves.
/// Each org has at most one source per CRM kind for references; `sources` names it.
struct TransactionReferences: ReferenceLookup, @unchecked Sendable {
    // Unchecked: it wraps a transaction and is used only synchronously inside the write closure
    // that owns that transaction; it is never stored or sent elsewhere.
    let tx: any OrgReading
    let sources: [CRMKind: SourceID]

    func recordID(kind: RecordKind, crm: CRMKind, externalID: String) -> RecordID? {
        guard let source = sources[crm] else { return nil }
        return try? tx.recordID(for: kind, externalID: externalID, in: source)
    }

    func externalID(kind: RecordKind, crm: CRMKind, recordID: RecordID) -> String? {
        guard let source = sources[crm] else { return nil }
        return try? tx.externalID(of: recordID, kind: kind, in: source)
    }
}
