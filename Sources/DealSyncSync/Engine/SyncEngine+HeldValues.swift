import DealSyncCore
import DealSyncResolver
import DealSyncStore

extension SyncEngine {
    /// Confirms at once every replica that already holds a field's settled value (matched at
    /// backfill holding the same value, or a conflict settled on its own value) instead of
    /// leaving that to a push job. Until confirmed, the replica's shadow lags the merged version,
    /// so a person's next edit there would read as concurrent with another CRM's copy of the very
    /// value it was made on, and the policy could throw it away. Confirming is what the job would
    /// do anyway without an API call; a replica with a write of ours outstanding is left to it.
    func confirmingHeldValues(_ decision: RecordDecision, of record: RecordID, resolver: RecordResolver,
                              tx: OrgWriteTransaction) throws -> RecordDecision {
        guard !decision.state.isDeleted else { return decision }
        var held = resolver.pendingWork(in: decision.state).alreadyHeld
        for replica in held.keys where try tx.sentPush(of: record, to: replica) != nil { held[replica] = nil }
        guard !held.isEmpty else { return decision }
        var next = decision
        for (replica, names) in held {
            let shadows = Dictionary(uniqueKeysWithValues: names.compactMap { name in
                next.state.fields[name].map { (name, ReplicaShadow(value: $0.value, vector: $0.vector)) }
            })
            next.state = resolver.pushSucceeded(to: replica, fields: shadows, in: next.state)
        }
        let work = resolver.pendingWork(in: next.state)
        next.pushes = work.pushes
        next.alreadyHeld = work.alreadyHeld
        next.creates = work.creates
        return next
    }
}
