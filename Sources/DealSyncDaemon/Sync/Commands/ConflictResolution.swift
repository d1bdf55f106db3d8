import DealSyncControl
import DealSyncCore
import DealSyncResolver
import DealSyncStore
import DealSyncSync
import Foundation

/// An admin's decision on one conflict, carried out the way the engine carries out any change:
/// the resolver settles the field (the chosen value gets a version that dominates every side),
/// and the new state, the closed conflict rows, the push jobs to every replica that lags and an
/// audit entry commit in one transaction, so the value wins everywhere or nothing changes.
struct ConflictResolution: Sendable {
    enum Choice: Sendable {
        case pick(SourceID)
        case text(String)
    }

    let conflict: Int64
    let choice: Choice
    let actor: String

    struct Outcome: Sendable {
        var record: RecordID
        var kind: RecordKind
        var field: String
        var value: FieldValue
        var closed: Int
        var jobs: Int
    }

    /// `engine` is the org's (its mappings, replicas and queue order); `tx` a write on its store.
    func apply(in tx: OrgWriteTransaction, engine: SyncEngine) throws -> Outcome {
        guard let stored = try tx.conflict(conflict) else { throw ControlError.notFound("no conflict \(conflict)") }
        guard stored.status == .open else {
            throw ControlError.conflict("conflict \(conflict) is already resolved (by \(stored.resolvedBy ?? "policy"))")
        }
        guard let kind = try tx.record(stored.record)?.kind else {
            throw ControlError.notFound("record \(stored.record) of conflict \(conflict) is gone")
        }
        let previous = try tx.resolverState(of: stored.record)
        let resolver = RecordResolver(context: engine.mappings.resolverContext(
            kind, replicas: engine.sources.mapValues(\.rawValue)))
        let decision = try decide(stored, kind: kind, previous: previous, resolver: resolver, mappings: engine.mappings,
                                  now: tx.now)
        try tx.saveResolverState(decision.state, of: stored.record, kind: kind, previous: previous)
        let value = decision.state.fields[stored.field]?.value ?? .null
        let picked: SourceID? = if case .pick(let source) = choice { source } else { nil }
        // The resolver settled the field, so every conflict still open on it is settled too.
        var closed = 0
        for open in try tx.conflicts(status: .open, record: stored.record, limit: Int.max) where open.field == stored.field {
            try tx.resolveConflict(open.id, value: value, replica: picked, by: actor)
            closed += 1
        }
        // An admin is waiting to see the decision land: the admin class runs first.
        let jobs = try engine.enqueueWork(decision, record: stored.record, kind: kind, priority: .adminResync, tx: tx)
        // Field name and choice only: the value may be PII.
        try tx.appendAudit(actor: actor, action: "conflict.resolve", details: [
            "conflict": String(conflict), "record": stored.record.description, "object": kind.rawValue,
            "field": stored.field, "choice": picked.map { "pick:\($0)" } ?? "value", "jobs": String(jobs),
        ])
        return Outcome(record: stored.record, kind: kind, field: stored.field, value: value, closed: closed, jobs: jobs)
    }

    private func decide(_ stored: Conflict, kind: RecordKind, previous: RecordState, resolver: RecordResolver,
                        mappings: MappingSet, now: Date) throws -> RecordDecision {
        switch choice {
        case .pick(let source):
            if let decision = resolver.resolveConflict(field: stored.field, pick: source, at: now, in: previous) {
                return decision
            }
            // The field's heads moved on since the conflict was recorded (a later edit saw one
            // side); the admin still picked a side of the conflict as listed.
            guard let side = [stored.left, stored.right].first(where: { $0.replica == source }) else {
                throw ControlError.badRequest(
                    "\(source) is not a side of conflict \(conflict) (sides: \(stored.left.replica), \(stored.right.replica))")
            }
            return resolver.resolveConflict(field: stored.field, value: side.value, at: now, in: previous)
        case .text(let text):
            guard let object = mappings.objects[kind], let field = object.field(stored.field) else {
                throw ControlError.badRequest("field \(stored.field) of \(kind.rawValue) is not in the mappings; use --pick")
            }
            let value: FieldValue
            do {
                value = try field.value(fromText: text, defaultCurrency: object.defaultCurrency)
            } catch let error as MappingError {
                throw ControlError.badRequest("\(kind.rawValue).\(stored.field): \(error.message)")
            }
            return resolver.resolveConflict(field: stored.field, value: value, at: now, in: previous)
        }
    }
}
