import DealSyncCore
import Foundation

/// Applies whole-record steps (a remote record, a delete, hook output, an admin decision, a
/// push confirmation) to a `RecordState` and returns one combined decision. Pure and
/// deterministic: all times are inputs.
public struct RecordResolver: Sendable {
    public var context: ResolverContext

    public init(context: ResolverContext) { self.context = context }

    /// A replica reported the record with these canonical fields (already mapped; fields the
    /// replica does not map are simply absent). `stamp` is the replica's modification stamp for
    /// the record: one older than a stamp already ingested yields `refetch`.
    public func apply(fields: [String: FieldValue], from source: SourceID, stamp: Date?,
                      to state: RecordState) -> RecordDecision {
        if let stale = refetchIfOlder(stamp, from: source, state: state) { return stale }
        var next = state
        next.stamps[source] = Self.newest(stamp, state.stamps[source])
        var decision = RecordDecision(state: next)
        applyFields(fields, from: source, at: stamp, into: &decision)

        if state.isDeleted && source != .local {
            let sawDelete = state.isGone(at: source)
            let realUpdate = decision.outcomes.values.contains { $0 != .unchanged }
            // A replica that had confirmed our delete and still reports the record restored it;
            // otherwise its update raced the delete and the object's policy decides.
            if sawDelete || (realUpdate && context.onDeleteConflict == .updateWins) {
                resurrect(&decision.state, restoredBy: source)
                decision.resurrected = true
            }
            if !sawDelete && realUpdate {
                decision.deleteConflict = DeleteConflictRecord(
                    deletedBy: state.existence.heads.first?.source ?? source,
                    updatedFields: decision.outcomes.filter { $0.value != .unchanged }.keys.sorted(),
                    policy: context.onDeleteConflict, deleteWon: !decision.resurrected)
            }
        }
        // Hooks do not run on a record that stays deleted.
        if decision.state.isDeleted { decision.changedFields = [] }
        return finish(decision)
    }

    /// Hook output or another daemon-made change: an edit by `local`, on top of the current state.
    /// A deleted record takes no local edits.
    public func applyLocal(fields: [String: FieldValue], at time: Date?, to state: RecordState) -> RecordDecision {
        var decision = RecordDecision(state: state)
        if !state.isDeleted { applyFields(fields, from: .local, at: time, into: &decision) }
        return finish(decision)
    }

    /// An admin settles a field (`dealsyncctl conflicts resolve`): the value wins everywhere.
    public func resolveConflict(field: String, value: FieldValue, at time: Date?, in state: RecordState) -> RecordDecision {
        var decision = RecordDecision(state: state)
        let before = state.fields[field] ?? .empty
        let after = before.resolvingManually(to: value, at: time)
        decision.state.fields[field] = after
        decision.outcomes[field] = .fastForward
        if after.value != before.value { decision.changedFields.insert(field) }
        if before.isConflictOpen { decision.closedConflicts.insert(field) }
        return finish(decision)
    }

    /// An admin settles a field by picking one side (`--pick SOURCE`): that side's value wins
    /// everywhere. Nil when `source` is not a side of the field's current conflict.
    public func resolveConflict(field: String, pick source: SourceID, at time: Date?, in state: RecordState) -> RecordDecision? {
        guard let head = state.fields[field]?.heads.first(where: { $0.source == source }) else { return nil }
        return resolveConflict(field: field, value: head.value, at: time, in: state)
    }

    /// A push to `replica` succeeded with these (value, vector) pairs per field, as carried by the
    /// job. `created` marks a (re-)create, after which the replica holds the record again.
    public func pushSucceeded(to replica: SourceID, fields: [String: ReplicaShadow], created: Bool = false,
                              in state: RecordState) -> RecordState {
        var next = state
        for (name, pushed) in fields {
            next.fields[name] = (next.fields[name] ?? .empty).confirmingPush(to: replica, value: pushed.value, vector: pushed.vector)
        }
        if created {
            next.existence.shadows[replica] = ReplicaShadow(value: .bool(false), vector: state.existence.vector)
        }
        return next
    }

    /// The work the state still needs, without applying anything (after a restart, or to audit
    /// the queue): the same push, delete and create sets a decision carries.
    public func pendingWork(in state: RecordState) -> RecordDecision {
        finish(RecordDecision(state: state))
    }

    // MARK: - Steps shared by the entry points

    func applyFields(_ fields: [String: FieldValue], from source: SourceID, at time: Date?, into decision: inout RecordDecision) {
        for name in fields.keys.sorted() {
            let before = decision.state.fields[name] ?? .empty
            let result = before.applying(FieldReport(source: source, value: fields[name]!, modifiedAt: time),
                                         field: name, policy: context.rule(for: name).policy, ranking: context.ranking)
            decision.state.fields[name] = result.state
            decision.outcomes[name] = result.outcome
            if result.valueChanged { decision.changedFields.insert(name) }
            if let conflict = result.conflict { decision.conflicts.append(conflict) }
            if before.isConflictOpen && !result.state.isConflictOpen { decision.closedConflicts.insert(name) }
        }
    }

    /// Fills in the replicas that are behind: deletes while deleted; otherwise re-creates where
    /// the record is gone and field pushes wherever a shadow lags the field's vector.
    /// The state is not touched here: confirming a replica that already holds the value must
    /// wait for the engine (like a real push), or the outcome would depend on delivery order.
    func finish(_ decision: RecordDecision) -> RecordDecision {
        var out = decision
        let state = decision.state
        let replicas = context.replicas.subtracting([.local])
        if state.isDeleted {
            out.deletes = replicas.filter { !state.isGone(at: $0) }
            out.pushes = [:]
            out.alreadyHeld = [:]
            out.creates = []
            return out
        }
        out.creates = replicas.filter { state.isGone(at: $0) }
        var pushes: [SourceID: Set<String>] = [:]
        var held: [SourceID: Set<String>] = [:]
        for (name, field) in state.fields {
            for replica in field.pushTargets(among: replicas.filter { context.writes(name, to: $0) }) {
                pushes[replica, default: []].insert(name)
                if field.shadows[replica]?.value == field.value { held[replica, default: []].insert(name) }
            }
        }
        out.pushes = pushes
        out.alreadyHeld = held
        return out
    }

    /// Confirms every push whose value the replica already holds, as `pushSucceeded` would after
    /// a write, but without one. Call it when the push jobs run (never between reports you want
    /// to be order-independent); it returns the state and the pushes still needing an API call.
    public func confirmingAlreadyHeld(in state: RecordState) -> (state: RecordState, pushes: [SourceID: Set<String>]) {
        let work = finish(RecordDecision(state: state))
        var next = state
        for (replica, names) in work.alreadyHeld {
            next = pushSucceeded(to: replica, fields: Dictionary(uniqueKeysWithValues: names.map {
                ($0, ReplicaShadow(value: state.fields[$0]!.value, vector: state.fields[$0]!.vector))
            }), in: next)
        }
        var remaining: [SourceID: Set<String>] = [:]
        for (replica, names) in work.pushes {
            let left = names.subtracting(work.alreadyHeld[replica] ?? [])
            if !left.isEmpty { remaining[replica] = left }
        }
        return (next, remaining)
    }

    func refetchIfOlder(_ stamp: Date?, from source: SourceID, state: RecordState) -> RecordDecision? {
        guard let stamp, let seen = state.stamps[source], stamp < seen else { return nil }
        var decision = RecordDecision(state: state)
        decision.refetch = true
        return decision
    }

    static func newest(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case let (a?, b?): max(a, b)
        case let (a?, nil): a
        case let (nil, b): b
        }
    }
}
