import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation

extension SyncCommands {
    /// `conflicts.resolve ID --pick SOURCE | --value V`: see `ConflictResolution`.
    func resolveConflict(_ command: ConflictsResolveCommand, actor: String) async throws -> ControlAck {
        let id = try Self.rowID(command.conflict, of: "conflict")
        guard let (org, _) = try await locate(id, { tx in try tx.conflict(id) }) else {
            throw ControlError.notFound("no conflict \(id)")
        }
        guard let topology = try await topology(org) else {
            throw ControlError.unavailable("org \(org) has no CRM source configured; its conflicts cannot be pushed")
        }
        let choice: ConflictResolution.Choice
        if let pick = command.pick {
            guard topology.sources[pick] != nil else {
                throw ControlError.badRequest("\(pick) is not a CRM source of \(org)")
            }
            choice = .pick(pick)
        } else {
            choice = .text(command.value ?? "")
        }
        let resolution = ConflictResolution(conflict: id, choice: choice, actor: actor)
        let orgStore = store.org(org)
        let engine = SyncEngine(store: orgStore, mappings: topology.mappings, sources: topology.sources,
                                orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
        let outcome = try await orgStore.write { tx in try resolution.apply(in: tx, engine: engine) }
        let others = outcome.closed > 1 ? " (and \(outcome.closed - 1) other open conflict\(outcome.closed == 2 ? "" : "s") on the field)" : ""
        return ControlAck(
            "conflict \(id) resolved\(others): \(outcome.kind.rawValue) \(outcome.record) \(outcome.field) = "
                + "\(FieldMapping.text(of: outcome.value)); \(outcome.jobs) replica push\(outcome.jobs == 1 ? "" : "es") queued",
            details: [
                "org": .string(org.rawValue), "record": .string(outcome.record.description),
                "field": .string(outcome.field), "closed": .int(Int64(outcome.closed)), "jobs": .int(Int64(outcome.jobs)),
            ])
    }

    /// `audit.verify`: walks each org's chain (the daemon-wide one too, unless an org is named)
    /// and reports every org's verdict; `ok` is false at the first broken entry anywhere.
    func verifyAudit(_ command: AuditVerifyCommand) async throws -> ControlValue {
        let orgs = try command.org.map { [$0] } ?? store.orgs()
        if let only = command.org, try !store.orgs().contains(only) { throw ControlError.notFound("no org \(only)") }
        var verdicts: [ControlValue] = []
        var firstBreak: AuditBreak?
        for org in orgs {
            let orgStore = store.org(org)
            let (broken, entries) = try await Self.offPool {
                (try orgStore.verifyAudit(), try orgStore.read { tx in try Self.entryCount(tx) })
            }
            if firstBreak == nil { firstBreak = broken }
            verdicts.append([
                "org": .string(org.rawValue), "ok": .bool(broken == nil), "entries": .int(entries),
                "broken_at": broken.map { .int($0.seq) } ?? .null,
                "reason": broken.map { .string($0.reason.rawValue) } ?? .null,
            ])
        }
        var result: [String: ControlValue] = ["ok": .bool(firstBreak == nil), "orgs": .array(verdicts)]
        if let firstBreak {
            result["first_break"] = [
                "org": .string(firstBreak.org.rawValue), "seq": .int(firstBreak.seq),
                "reason": .string(firstBreak.reason.rawValue), "message": .string(firstBreak.description),
            ]
        }
        return .object(result)
    }

    /// Entries in the org's log, counted a page at a time so a long log is never held at once.
    static func entryCount(_ tx: OrgReadTransaction) throws -> Int64 {
        var count: Int64 = 0, last: Int64 = 0
        while true {
            let page = try tx.auditEntries(after: last, limit: 1000)
            guard let tail = page.last else { return count }
            count += Int64(page.count)
            last = tail.seq
        }
    }

    /// Runs a blocking store call (the chain walk reads every entry) off the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
