import DealSyncCore
import DealSyncHooks
import DealSyncStore

/// Builds the pipeline's input for one `hook_run` job from the store: the record's canonical
/// fields as they are now (after the change), the job's changed fields, previous values and
/// texts, and which referenced records exist (the evaluator flags dangling references).
enum HookChangeReader {
    /// Nil when the record is gone or deleted: hooks do not run on it.
    static func change(_ request: HookRunRequest, tx: some OrgReading) throws -> HookChange? {
        guard let stored = try tx.record(request.record), !stored.isDeleted else { return nil }
        let state = try tx.resolverState(of: request.record)
        guard !state.isDeleted else { return nil }
        let fields = state.values
        var known: Set<RecordID> = []
        for reference in Set(fields.values.flatMap(references)) where try tx.record(reference)?.isDeleted == false {
            known.insert(reference)
        }
        return HookChange(org: tx.org, record: request.record, kind: stored.kind, fields: fields,
                          changed: Set(request.changed), previous: request.previous, texts: request.texts,
                          knownRecords: known, at: tx.now)
    }

    static func references(_ value: FieldValue) -> [RecordID] {
        switch value {
        case .reference(let id): [id]
        case .multi(let values): values.flatMap(references)
        default: []
        }
    }
}
