import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

extension SyncEngine {
    /// Applies one page from `source`: maps, matches identities, resolves, and writes the new
    /// state, the push jobs and (when given) the cursor in ONE transaction, so nothing is lost
    /// between "noticed" and "queued" and a re-read page is harmless.
    /// Throws `SyncError` `sync.mass_delete` (and changes nothing) when the page would delete
    /// more than the policy allows, unless `allowMassDelete`.
    public func ingest(_ records: [RemoteRecord], deletions: [RemoteDeletion], from source: SourceID, kind: RecordKind,
                       cursor: String?, backfill: Bool = false, allowMassDelete: Bool = false) async throws -> IngestReport {
        guard let crm = sources[source] else {
            throw SyncError(.validation, code: "sync.unknown_source", message: "\(source) is not a CRM source of \(store.org)")
        }
        // A large page is committed in slices, so the queue's workers are not kept from the store
        // for seconds; the cursor moves with the last slice only, and a page read again after a
        // crash between slices finds its first records unchanged.
        var report = IngestReport()
        let parked = records.isEmpty ? [:] : try await store.read { tx in try tx.deadLetteredPushes(object: kind.rawValue) }
        let slices = stride(from: 0, to: max(records.count, 1), by: Self.ingestSlice).map {
            records[$0..<min($0 + Self.ingestSlice, records.count)]
        }
        for (n, slice) in slices.enumerated() {
            let last = n == slices.count - 1
            report.merge(try await store.write { tx in
                var report = IngestReport()
                let references = TransactionReferences(tx: tx, sources: referenceSources)
                for remote in slice {
                    try ingest(remote, from: source, crm: crm, kind: kind, backfill: backfill, references: references,
                               parked: parked, tx: tx, report: &report)
                }
                guard last else { return report }
                if !deletions.isEmpty {
                    try checkDeleteShare(deletions, kind: kind, source: source, allow: allowMassDelete, tx: tx)
                    for deletion in deletions { try delete(deletion, from: source, tx: tx, report: &report) }
                }
                if let cursor { try tx.setCursor(cursor, source: source, object: kind.rawValue) }
                return report
            })
        }
        return report
    }

    /// Records per ingest transaction.
    static let ingestSlice = 200

    private func ingest(_ remote: RemoteRecord, from source: SourceID, crm: CRMKind, kind: RecordKind, backfill: Bool,
                        references: TransactionReferences, parked: [SourceID: Set<RecordID>], tx: OrgWriteTransaction,
                        report: inout IngestReport) throws {
        report.seen += 1
        let canonical = mappings.toCanonical(kind, crm, remoteFields: remote.fields, references: references)
        let (record, identity) = try identify(remote, canonical: canonical, from: source, kind: kind, tx: tx)
        switch identity {
        case .linked: break
        case .matched: report.matched += 1
        case .created: report.created += 1
        }
        let previous = try tx.resolverState(of: record)
        let resolver = RecordResolver(context: context(kind))
        let base = try settlingSentPush(of: record, from: source, reported: canonical, reportedAt: remote.modifiedAt,
                                        in: previous, tx: tx)
        var decision = resolver.apply(fields: canonical, from: source, stamp: remote.modifiedAt, to: base)
        if decision.refetch {
            report.refetch.append(remote.externalID)
            return
        }
        // Every replica learns the DealSync id, so the next match needs no natural key.
        if let idField = mappings.objects[kind]?.idField, !decision.state.isDeleted,
           decision.state.fields[idField]?.value != .string(record.description) {
            let stamped = resolver.applyLocal(fields: [idField: .string(record.description)], at: tx.now, to: decision.state)
            decision.state = stamped.state
            decision.pushes = stamped.pushes
            decision.creates = stamped.creates
            decision.deletes = stamped.deletes
            decision.changedFields.formUnion(stamped.changedFields)
        }
        decision = try confirmingHeldValues(decision, of: record, resolver: resolver, tx: tx)
        try tx.saveResolverState(decision.state, of: record, kind: kind, previous: previous)
        try recordConflicts(decision, record: record, tx: tx)
        report.conflicts += decision.conflicts.count
        for conflict in decision.conflicts { report.conflictsByPolicy[conflict.policy.name, default: 0] += 1 }
        if decision.changedFields.isEmpty { report.unchanged += 1 } else {
            report.changed += 1
            report.changedRecords.append(record)
            try enqueueHookRun(decision, previous: previous, record: record, kind: kind, stamp: remote.modifiedAt,
                               priority: priority(of: decision.state, kind: kind, backfill: backfill), tx: tx)
        }
        // A re-read that changed nothing must not retry a push an API refused for good: only a
        // new change (or an admin's retry) sends that record there again.
        report.jobs += try enqueueWork(decision, record: record, kind: kind,
                                       priority: priority(of: decision.state, kind: kind, backfill: backfill),
                                       parked: decision.changedFields.isEmpty ? parked : [:], tx: tx)
    }

    private func delete(_ deletion: RemoteDeletion, from source: SourceID, tx: OrgWriteTransaction,
                        report: inout IngestReport) throws {
        guard let record = try tx.recordID(for: deletion.kind, externalID: deletion.externalID, in: source) else { return }
        let previous = try tx.resolverState(of: record)
        let decision = RecordResolver(context: context(deletion.kind))
            .applyDelete(from: source, stamp: deletion.deletedAt, to: previous)
        if decision.refetch {
            report.refetch.append(deletion.externalID)
            return
        }
        try tx.saveResolverState(decision.state, of: record, kind: deletion.kind, previous: previous)
        if decision.becameDeleted { report.deleted += 1 }
        report.jobs += try enqueueWork(decision, record: record, kind: deletion.kind, priority: .normal, tx: tx)
    }

    private func checkDeleteShare(_ deletions: [RemoteDeletion], kind: RecordKind, source: SourceID, allow: Bool,
                                  tx: OrgWriteTransaction) throws {
        guard !allow else { return }
        let recent = try tx.deletedCount(kind: kind, since: tx.now.addingTimeInterval(-policy.deleteWindow))
        let total = try tx.recordCount(kind: kind) + recent
        let limit = max(policy.deleteAllowance, Int((Double(total) * policy.maxDeleteShare).rounded(.down)))
        if recent + deletions.count > limit {
            throw SyncError(.validation, code: "sync.mass_delete",
                            message: "\(source) reports \(deletions.count) \(kind) records deleted after \(recent) in the last \(Int(policy.deleteWindow / 60)) minutes, of \(total) (limit \(limit)); held for an admin",
                            context: ["source.id": source.rawValue, "object": kind.rawValue])
        }
    }

    /// Each resolved or parked conflict, both sides and the winner, for `dealsyncctl conflicts`.
    func recordConflicts(_ decision: RecordDecision, record: RecordID, tx: OrgWriteTransaction) throws {
        for conflict in decision.conflicts {
            guard conflict.sides.count >= 2 else { continue }
            let vector = conflict.vector
            let left = conflict.sides[0], right = conflict.sides[1]
            let winner = conflict.resolvedValue.map {
                ConflictSide(replica: conflict.winner ?? .local, value: $0, vector: vector)
            }
            try tx.recordConflict(record: record, field: conflict.field,
                                  left: ConflictSide(replica: left.source, value: left.value, vector: vector),
                                  right: ConflictSide(replica: right.source, value: right.value, vector: vector),
                                  policy: conflict.policy.name, winner: winner)
        }
    }
}
