import DealSyncControl
import DealSyncCore
import DealSyncStore
import DealSyncSync
import Foundation

extension HookCommands {
    /// `review.list`: oldest first, each with its reason, detail and the withheld edits in the
    /// text form the mappings use.
    func list(_ command: ReviewListCommand) async throws -> ControlValue {
        let limit = command.limit ?? 100
        guard limit > 0 else { throw ControlError.badRequest("\(ReviewListCommand.name): 'limit' must be positive") }
        var rows: [ControlValue] = []
        for org in try orgs(command.org) where rows.count < limit {
            let remaining = limit - rows.count
            let reviews = try await context.store.org(org).read { tx in
                try tx.reviews(state: command.all == true ? nil : .pending, limit: remaining)
            }
            rows += reviews.map { Self.row($0, org: org) }
        }
        return ["reviews": .array(rows)]
    }

    static func row(_ review: Review, org: OrgID) -> ControlValue {
        let edits = review.edits.sorted { $0.key < $1.key }.map { "\($0.key)=\(FieldMapping.text(of: $0.value))" }
        return [
            "id": .int(review.id), "org": .string(org.rawValue), "object": .string(review.kind.rawValue),
            "record": .string(review.record.description), "reason": .string(review.reason),
            "detail": .string(review.detail), "edits": .string(edits.joined(separator: "; ")),
            "state": .string(review.state.rawValue), "updated_at": .string(review.updatedAt.formatted(.iso8601)),
        ]
    }

    /// `review.approve ID` applies the withheld edits as the `local` replica (pushes to every
    /// CRM queued in the same transaction); `review.reject ID` drops them. Both audited.
    func decide(_ text: String, approve: Bool, actor: String) async throws -> ControlAck {
        let trimmed = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let id = Int64(trimmed), id > 0 else {
            throw ControlError.badRequest("'\(text)' is not a review id (a positive number)")
        }
        var found: (OrgID, Review)?
        for org in try orgs(nil) {
            if let review = try await context.store.org(org).read({ tx in try tx.review(id) }) {
                found = (org, review)
                break
            }
        }
        guard let (org, review) = found else { throw ControlError.notFound("no review \(id)") }
        guard review.state == .pending else {
            throw ControlError.conflict("review \(id) is already \(review.state.rawValue) (by \(review.decidedBy ?? "?"))")
        }
        let engine = approve ? try await hooks(org).engine : nil
        let report = try await context.store.org(org).write { tx -> LocalEditReport in
            try tx.decideReview(id, approved: approve, by: actor)
            let report = try engine?.applyLocal(review.edits, record: review.record, kind: review.kind, tx: tx)
                ?? LocalEditReport()
            // Field names only: values may be personal data.
            try tx.appendAudit(actor: actor, action: approve ? "review.approve" : "review.reject", details: [
                "review": String(id), "record": review.record.description, "object": review.kind.rawValue,
                "reason": review.reason, "fields": review.edits.keys.sorted().joined(separator: ","),
                "jobs": String(report.jobs),
            ])
            return report
        }
        let verb = approve ? "approved" : "rejected"
        let effect = approve
            ? (report.skipped ? "the record is gone; nothing written"
                : "\(report.changed.count) field\(report.changed.count == 1 ? "" : "s") written, \(report.jobs) replica push\(report.jobs == 1 ? "" : "es") queued")
            : "withheld edits dropped"
        return ControlAck("review \(id) \(verb): \(effect)", details: [
            "org": .string(org.rawValue), "record": .string(review.record.description),
            "changed": .array(report.changed.map { .string($0) }), "jobs": .int(Int64(report.jobs)),
        ])
    }
}
