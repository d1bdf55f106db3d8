import DealSyncCore
import Foundation

extension FieldState {
    /// Applies one replica's report (DESIGN §4 steps 1–4). `local` edits (hooks, admins) start from
    /// the field's current state, since the daemon always sees it; other replicas start from
    /// their shadow.
    public func applying(_ report: FieldReport, field: String, policy: ConflictPolicy,
                         ranking: ReplicaRanking) -> FieldDecision {
        let value = report.value.normalized
        let source = report.source
        let base = source == .local
            ? ReplicaShadow(value: self.value, vector: vector)
            : shadows[source] ?? ReplicaShadow(value: .null, vector: VersionVector())
        guard value != base.value else {
            return FieldDecision(state: self, outcome: .unchanged, conflict: nil, valueChanged: false)
        }
        let version = base.vector.incremented(for: source)
        let head = Head(source: source, value: value, version: version, base: base.value, modifiedAt: report.modifiedAt)
        var next = self
        if source != .local { next.shadows[source] = ReplicaShadow(value: value, vector: version) }

        switch version.compare(vector) {
        case .after:
            next.value = value
            next.vector = version
            next.heads = [head]
            next.isConflictOpen = false
            return FieldDecision(state: next, outcome: .fastForward, conflict: nil, valueChanged: value != self.value)
        case .before, .equal:
            return FieldDecision(state: next, outcome: .stale, conflict: nil, valueChanged: false)
        case .concurrent:
            return next.settling(head, previous: self, field: field, policy: policy, ranking: ranking)
        }
    }

    /// A concurrent edit joins the heads it does not supersede, and the policy settles the set.
    /// The vector is the pointwise max of the heads plus one `local` tick above their highest:
    /// derived from the set alone, so every delivery order yields the same vector.
    private func settling(_ head: Head, previous: FieldState, field: String, policy: ConflictPolicy,
                          ranking: ReplicaRanking) -> FieldDecision {
        var next = self
        // A state persisted without heads (value and vector only) still has one: its value, by
        // the replica whose shadow matches it exactly, else by the daemon. Dropping it would let
        // any concurrent edit silently win.
        let author = previous.shadows.keys.sorted().first {
            previous.shadows[$0]!.value == previous.value && previous.shadows[$0]!.vector == previous.vector
        } ?? .local
        let previousHeads = previous.heads.isEmpty && previous.hasHistory
            ? [Head(source: author, value: previous.value, version: previous.vector, base: previous.value, modifiedAt: nil)]
            : previous.heads
        let heads = previousHeads.filter { !head.version.dominates($0.version) } + [head]
        next.heads = heads.sorted(by: Head.canonicalOrder)
        guard heads.count > 1 else {
            // Every earlier head is superseded and only a resolver tick was unseen: a fast-forward
            // in effect, and the vector must still never move backwards.
            next.value = head.value
            next.vector = previous.vector.merged(with: head.version)
            next.isConflictOpen = false
            return FieldDecision(state: next, outcome: .concurrent, conflict: nil, valueChanged: head.value != previous.value)
        }
        next.vector = heads.reduce(VersionVector()) { $0.merged(with: $1.version) }.incremented(for: .local)
        if Set(heads.map(\.value)).count == 1 {
            next.value = head.value
            next.isConflictOpen = false
            return FieldDecision(state: next, outcome: .concurrent, conflict: nil, valueChanged: head.value != previous.value)
        }
        let outcome = policy.resolve(next.heads, ranking: ranking)
        if let settled = outcome.value {
            next.value = settled
            next.isConflictOpen = false
        } else {
            next.isConflictOpen = true
        }
        let record = ConflictRecord(
            field: field,
            sides: next.heads.map { ConflictSide(source: $0.source, value: $0.value, modifiedAt: $0.modifiedAt) },
            policy: policy, winner: outcome.winner, resolvedValue: outcome.value, vector: next.vector)
        return FieldDecision(state: next, outcome: .concurrent, conflict: record, valueChanged: next.value != previous.value)
    }

    /// Our push of (`value`, `vector`) to `replica` succeeded: that replica now holds it
    /// (DESIGN §4 step 5). A confirmation older than what we already know of the replica keeps
    /// the newer shadow; the vectors are merged because the replica has seen both.
    public func confirmingPush(to replica: SourceID, value: FieldValue, vector pushed: VersionVector) -> FieldState {
        guard replica != .local else { return self }
        var next = self
        if let current = shadows[replica], current.vector.dominates(pushed) { return self }
        let merged = shadows[replica].map { $0.vector.merged(with: pushed) } ?? pushed
        next.shadows[replica] = ReplicaShadow(value: value, vector: merged)
        return next
    }

    /// An admin settles a conflict (or overrides a value): an edit by `local` on top of
    /// everything, which closes any open conflict and is pushed everywhere.
    public func resolvingManually(to value: FieldValue, at time: Date?) -> FieldState {
        var next = self
        let version = vector.incremented(for: .local)
        next.value = value.normalized
        next.vector = version
        next.heads = [Head(source: .local, value: next.value, version: version, base: self.value, modifiedAt: time)]
        next.isConflictOpen = false
        return next
    }
}
