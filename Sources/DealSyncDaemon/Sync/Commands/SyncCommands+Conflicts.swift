import DealSyncControl
import DealSyncCore
import DealSyncStore
import DealSyncSync
import Foundation

extension SyncCommands {
    /// `conflicts.list`: open conflicts (with `all`, settled ones too), oldest first, each with
    /// both sides, the policy that judged it and the winner, values in the text form that
    /// `conflicts resolve --value` accepts.
    func listConflicts(_ command: ConflictsListCommand, includeSettled: Bool) async throws -> ControlValue {
        let limit = command.limit ?? 100
        guard limit > 0 else { throw ControlError.badRequest("\(ConflictsListCommand.name): 'limit' must be positive") }
        var rows: [ControlValue] = []
        for org in try orgs(command.org) where rows.count < limit {
            let remaining = limit - rows.count
            let listed = try await store.org(org).read { tx in
                try tx.conflicts(status: includeSettled ? nil : .open, limit: remaining).map { conflict in
                    (conflict, try tx.record(conflict.record)?.kind)
                }
            }
            rows += listed.map { conflict, kind in Self.row(conflict, kind: kind, org: org) }
        }
        return ["conflicts": .array(rows)]
    }

    static func row(_ conflict: Conflict, kind: RecordKind?, org: OrgID) -> ControlValue {
        func side(_ replica: SourceID?, _ value: FieldValue?) -> ControlValue {
            guard let value else { return .null }
            return .string("\(replica.map { "\($0): " } ?? "")\(FieldMapping.text(of: value))")
        }
        return [
            "id": .int(conflict.id), "org": .string(org.rawValue), "object": kind.map { .string($0.rawValue) } ?? .null,
            "record": .string(conflict.record.description), "field": .string(conflict.field),
            "left": side(conflict.left.replica, conflict.left.value),
            "right": side(conflict.right.replica, conflict.right.value),
            "policy": .string(conflict.policy), "status": .string(conflict.status.rawValue),
            "winner": side(conflict.winnerReplica, conflict.winnerValue),
            "created_at": iso(conflict.createdAt), "resolved_by": conflict.resolvedBy.map { .string($0) } ?? .null,
        ]
    }
}
