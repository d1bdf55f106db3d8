import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

/// What an edit by the `local` replica did.
public struct LocalEditReport: Sendable, Hashable {
    /// Fields whose canonical value changed (an edit equal to the current value changes nothing).
    public var changed: [String] = []
    /// Replicas a push (or re-create) was queued for.
    public var jobs = 0
    /// The record was deleted, or is not in the store: nothing was applied.
    public var skipped = false

    public init() {}
}

extension SyncEngine {
    /// Applies edits by the `local` replica (hook output, an approved review) through the
    /// resolver, and writes the new state and the pushes to every replica behind in one
    /// transaction, like `ingest`. Never enqueues a hook run: hooks must not trigger themselves.
    public func applyLocal(_ edits: [String: FieldValue], record: RecordID, kind: RecordKind) async throws
        -> LocalEditReport {
        try await store.write { tx in try applyLocal(edits, record: record, kind: kind, tx: tx) }
    }

    /// The same inside a caller's transaction, so hook output commits with its review items and
    /// notification jobs, or not at all.
    public func applyLocal(_ edits: [String: FieldValue], record: RecordID, kind: RecordKind,
                           tx: OrgWriteTransaction) throws -> LocalEditReport {
        var report = LocalEditReport()
        guard !edits.isEmpty else { return report }
        guard try tx.record(record) != nil else {
            report.skipped = true
            return report
        }
        let previous = try tx.resolverState(of: record)
        let decision = RecordResolver(context: context(kind)).applyLocal(fields: edits, at: tx.now, to: previous)
        guard !decision.state.isDeleted else {
            report.skipped = true
            return report
        }
        guard !decision.changedFields.isEmpty || !decision.conflicts.isEmpty else { return report }
        try tx.saveResolverState(decision.state, of: record, kind: kind, previous: previous)
        try recordConflicts(decision, record: record, tx: tx)
        report.changed = decision.changedFields.sorted()
        report.jobs = try enqueueWork(decision, record: record, kind: kind,
                                      priority: priority(of: decision.state, kind: kind, backfill: false), tx: tx)
        return report
    }
}
