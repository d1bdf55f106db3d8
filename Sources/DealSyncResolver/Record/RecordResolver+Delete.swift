import DealSyncCore
import Foundation

/// Deletes are tombstones in the same scheme as fields (DESIGN §4): the record's existence is a
/// field-like state whose shadows say which replicas still hold the record.
extension RecordResolver {
    /// `source` reports the record deleted (`stamp`: when, by its clock). A delete that raced an
    /// update the deleting replica had not seen follows `onDeleteConflict`; with `updateWins` the
    /// record stays and is re-created in `source`.
    public func applyDelete(from source: SourceID, stamp: Date?, to state: RecordState) -> RecordDecision {
        if let stale = refetchIfOlder(stamp, from: source, state: state) { return stale }
        var next = state
        next.stamps[source] = Self.newest(stamp, state.stamps[source])
        guard !state.isGone(at: source) else {
            // A repeated delete, or the echo of our own delete.
            return finish(RecordDecision(state: next))
        }
        let base = state.existence.shadows[source]?.vector ?? VersionVector()
        let version = base.incremented(for: source)
        var decision = RecordDecision(state: next)
        decision.outcomes["$deleted"] = .fastForward
        if state.isDeleted {
            // Concurrent deletes agree: no conflict, only the vector grows.
            decision.state.existence.vector = state.existence.vector.merged(with: version)
            decision.state.existence.shadows[source] = ReplicaShadow(value: .bool(true), vector: decision.state.existence.vector)
            return finish(decision)
        }
        let unseen = unseenUpdates(by: source, in: state)
        let deleteWins = unseen.isEmpty || context.onDeleteConflict == .deleteWins
        if !unseen.isEmpty {
            decision.deleteConflict = DeleteConflictRecord(deletedBy: source, updatedFields: unseen,
                                                           policy: context.onDeleteConflict, deleteWon: deleteWins)
        }
        var existence = state.existence
        if deleteWins {
            existence.value = .bool(true)
            existence.vector = existence.vector.merged(with: version)
            existence.heads = [Head(source: source, value: .bool(true), version: version, base: .bool(false), modifiedAt: stamp)]
            existence.shadows[source] = ReplicaShadow(value: .bool(true), vector: existence.vector)
            decision.becameDeleted = true
        } else {
            // The record survives; `source` no longer holds it, so it must be created there again
            // with every field, which clearing its field shadows arranges.
            existence.vector = existence.vector.merged(with: version).incremented(for: .local)
            existence.shadows[source] = ReplicaShadow(value: .bool(true), vector: version)
            forget(source, in: &decision.state)
        }
        decision.state.existence = existence
        return finish(decision)
    }

    /// Fields changed by a replica other than `source` (and other than hooks, whose output is
    /// derived and must not keep a deleted record alive) since `source` last saw them.
    func unseenUpdates(by source: SourceID, in state: RecordState) -> [String] {
        state.fields.compactMap { name, field -> String? in
            // Only fields synced to the deleting replica, and that it has held, can have moved on
            // without it.
            guard field.hasHistory, field.shadows[source] != nil, context.writes(name, to: source) else { return nil }
            let seen = field.shadows[source]?.vector ?? VersionVector()
            let unseen = field.vector.counters.contains { replica, counter in
                replica != source && replica != .local && counter > seen[replica]
            }
            return unseen ? name : nil
        }.sorted()
    }

    /// Brings a deleted record back: every replica that no longer holds it (except the one that
    /// restored it) gets it created again. The vector gains one `local` tick over the tombstone,
    /// whichever update caused it, so every delivery order agrees.
    func resurrect(_ state: inout RecordState, restoredBy source: SourceID) {
        state.existence.value = .bool(false)
        state.existence.vector = state.existence.vector.incremented(for: .local)
        state.existence.heads = []
        for replica in state.existence.shadows.keys.sorted() where state.isGone(at: replica) {
            if replica == source {
                state.existence.shadows[replica] = ReplicaShadow(value: .bool(false), vector: state.existence.vector)
            } else {
                forget(replica, in: &state)
            }
        }
    }

    /// A replica that lost the record holds none of its fields any more.
    private func forget(_ replica: SourceID, in state: inout RecordState) {
        for name in state.fields.keys {
            state.fields[name]?.shadows[replica] = nil
        }
    }

    /// The delete reached `replica`.
    public func deleteSucceeded(at replica: SourceID, in state: RecordState) -> RecordState {
        var next = state
        next.existence.shadows[replica] = ReplicaShadow(value: .bool(true), vector: state.existence.vector)
        return next
    }
}
