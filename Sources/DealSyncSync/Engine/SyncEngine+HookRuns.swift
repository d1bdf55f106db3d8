import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

extension SyncEngine {
    /// With hooks on, a `hook_run` job for a remote change that touched canonical fields, in the
    /// change's own transaction, so a crash between commit and hooks loses no run. The id stamp
    /// the engine adds itself is not a change anyone made, and edits by `local` (hook output)
    /// never come through here, so hooks cannot trigger themselves. `stamp` is the replica's
    /// modification time of the change; `priority` the class its pushes get (a backfill yields).
    func enqueueHookRun(_ decision: RecordDecision, previous: RecordState, record: RecordID, kind: RecordKind,
                        stamp: Date?, priority: JobPriority, tx: OrgWriteTransaction) throws {
        guard policy.runsHooks else { return }
        var changed = decision.changedFields
        if let idField = mappings.objects[kind]?.idField { changed.remove(idField) }
        guard !changed.isEmpty else { return }
        var before: [String: FieldValue] = [:]
        for name in changed {
            if let value = previous.fields[name]?.value, !value.isBlank { before[name] = value }
        }
        let request = HookRunRequest(record: record, kind: kind, changed: changed.sorted(), previous: before,
                                     changedAt: stamp)
        try tx.insertJob(JobDraft(source: .local, kind: .hookRun, object: kind.rawValue, record: record,
                                  priority: priority, orderKey: orderKey(priority, tx.now), payload: request.payload))
    }
}
