import DealSyncCore
import DealSyncHooks
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import Foundation

/// Commits one pipeline run in one transaction: the edits through the resolver (with their
/// pushes), the review items with the edits they withheld, the Slack messages not sent today
/// yet, and the redaction audit. A crash before commit leaves the job to run again; after
/// commit nothing of it is lost or doubled.
struct HookResultWriter: Sendable {
    let engine: SyncEngine
    /// Nil when the org has no Slack webhook: messages are not queued at all.
    let slack: SourceID?

    struct Written: Sendable {
        var local = LocalEditReport()
        var reviews = 0
        var notifications = 0
        var deduplicated = 0
    }

    /// `announce` false (old news: a backfill, a catch-up) writes scores but queues no Slack message.
    func write(_ work: HookWork, announce: Bool, tx: OrgWriteTransaction) throws -> Written {
        var written = Written()
        let change = work.change
        let edits = Dictionary(work.edits.map { ($0.field, $0.value) }, uniquingKeysWith: { _, last in last })
        written.local = try engine.applyLocal(edits, record: change.record, kind: change.kind, tx: tx)
        let withheld = Dictionary(work.withheldEdits.map { ($0.field, $0.value) }, uniquingKeysWith: { _, last in last })
        for item in work.reviews {
            try tx.fileReview(ReviewDraft(record: item.record, kind: change.kind, reason: item.reason.rawValue,
                                          detail: item.detail, edits: withheld))
            written.reviews += 1
        }
        try tx.supersedeReviews(of: change.record, keeping: Set(work.reviews.map(\.reason.rawValue)),
                                by: "hooks:superseded")
        if let slack, announce {
            for message in work.notifications {
                guard try tx.claimNotificationKey(message.dedupKey) else {
                    written.deduplicated += 1
                    continue
                }
                try tx.enqueue(SlackDelivery(message).request(to: slack))
                written.notifications += 1
            }
            // A key older than two days can no longer match (keys carry their UTC day).
            try tx.pruneNotificationKeys(before: tx.now.addingTimeInterval(-2 * 86_400))
        }
        if !work.redactionCounts.isEmpty {
            var details = ["record": change.record.description, "object": change.kind.rawValue]
            for (kind, count) in work.redactionCounts { details["redacted.\(kind.rawValue)"] = String(count) }
            try tx.appendAudit(actor: "hooks", action: "guardrail.redact", details: details)
        }
        return written
    }
}
