import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

extension SyncEngine {
    /// Turns claimed push jobs for `source` into writes. Fields the replica already holds are
    /// confirmed here without an API call (it made the same edit, or its side won).
    public func planPushes(_ jobs: [Job], to source: SourceID) async throws -> [PlannedPush] {
        guard let crm = sources[source] else {
            throw SyncError(.validation, code: "sync.unknown_source", message: "\(source) is not a CRM source of \(store.org)")
        }
        return try await store.write { tx in
            let references = TransactionReferences(tx: tx, sources: referenceSources)
            return try jobs.map { job in try plan(job, crm: crm, source: source, references: references, tx: tx) }
        }
    }

    private func plan(_ job: Job, crm: CRMKind, source: SourceID, references: TransactionReferences,
                      tx: OrgWriteTransaction) throws -> PlannedPush {
        let kind = RecordKind(rawValue: job.object) ?? .deal
        var planned = PlannedPush(job: job.id, record: job.record ?? RecordID(uuid: UUID()), kind: kind, operation: .none,
                                  fields: [:], lastSeenStamp: nil, pushed: [:])
        guard let record = job.record, let stored = try tx.record(record) else { return planned }
        let resolver = RecordResolver(context: context(stored.kind))
        let previous = try tx.resolverState(of: record)
        var (state, remaining) = resolver.confirmingAlreadyHeld(in: previous)
        let link = try tx.externalID(of: record, kind: stored.kind, in: source)
        planned.kind = stored.kind
        planned.lastSeenStamp = state.stamps[source]
        if state.isDeleted {
            if state != previous { try tx.saveResolverState(state, of: record, kind: stored.kind, previous: previous) }
            if let link { planned.operation = .delete(externalID: link) }
            return planned
        }
        let values = state.values
        let names: Set<String>
        if link == nil {
            planned.operation = .create
            names = Set(values.keys.filter { resolver.context.writes($0, to: source) })
        } else {
            names = remaining[source] ?? []
            guard !names.isEmpty else {
                if state != previous { try tx.saveResolverState(state, of: record, kind: stored.kind, previous: previous) }
                return planned
            }
            planned.operation = .update(externalID: link!)
        }
        let write = mappings.remoteWrite(stored.kind, crm, canonical: values, only: names, references: references)
        planned.fields = write.fields
        // A value this CRM cannot express (an owner it has no user for) will not reach it: the
        // replica has seen this version and keeps what it holds, so it is not pushed again and a
        // later change there still reads as a fresh edit.
        for name in write.unwritable {
            guard var field = state.fields[name] else { continue }
            let held = field.shadows[source]?.value ?? .null
            field.shadows[source] = ReplicaShadow(value: held, vector: field.vector)
            state.fields[name] = field
        }
        if state != previous { try tx.saveResolverState(state, of: record, kind: stored.kind, previous: previous) }
        for name in names.subtracting(write.unwritable) {
            if let field = state.fields[name] { planned.pushed[name] = ReplicaShadow(value: field.value, vector: field.vector) }
        }
        if write.fields.isEmpty, case .update = planned.operation { planned.operation = .none }
        if planned.operation != .none, !planned.pushed.isEmpty {
            try tx.recordSentPush(of: record, to: source, payload: JobPayload(
                fields: planned.pushed.mapValues(\.value), vectors: planned.pushed.mapValues(\.vector)))
        }
        return planned
    }

    /// Records what the CRM acknowledged: shadows for written fields, links for creates,
    /// tombstone confirmations for deletes, and one audit entry per batch (field names only).
    public func confirmPushes(_ results: [(PlannedPush, PushOutcome)], to source: SourceID) async throws {
        try await store.write { tx in
            var written: [String] = []
            for (planned, outcome) in results {
                // A refusal means the source kept what it had; a timeout or 5xx leaves it unknown,
                // so the send stays on record for the next report from the source to settle.
                switch outcome {
                case .written, .changedRemotely: try tx.clearSentPush(of: planned.record, to: source)
                case .failed(let error) where error.kind != .retryable: try tx.clearSentPush(of: planned.record, to: source)
                case .failed: break
                }
                guard case .written(let externalID) = outcome, try tx.record(planned.record) != nil else { continue }
                let resolver = RecordResolver(context: context(planned.kind))
                let previous = try tx.resolverState(of: planned.record)
                var state = previous
                switch planned.operation {
                case .create:
                    if try tx.externalID(of: planned.record, kind: planned.kind, in: source) == nil,
                       try tx.recordID(for: planned.kind, externalID: externalID, in: source) == nil {
                        try tx.link(planned.record, kind: planned.kind, to: source, externalID: externalID)
                    }
                    state = resolver.pushSucceeded(to: source, fields: planned.pushed, created: true, in: state)
                case .update:
                    state = resolver.pushSucceeded(to: source, fields: planned.pushed, in: state)
                case .delete:
                    state = resolver.deleteSucceeded(at: source, in: state)
                case .none:
                    continue
                }
                try tx.saveResolverState(state, of: planned.record, kind: planned.kind, previous: previous)
                written.append("\(planned.kind):\(Self.verb(planned.operation)):\(planned.fields.keys.sorted().joined(separator: "+"))")
            }
            if !written.isEmpty {
                try tx.appendAudit(actor: "dealsyncd", action: "crm.write",
                                   details: ["source": source.rawValue, "records": String(written.count),
                                             "writes": Set(written).sorted().joined(separator: " ")])
            }
        }
    }

    static func verb(_ operation: PlannedPush.Operation) -> String {
        switch operation {
        case .create: "create"
        case .update: "update"
        case .delete: "delete"
        case .none: "none"
        }
    }
}
