import DealSyncCore
import Foundation
import GRDB

extension OrgReading {
    public func review(_ id: Int64) throws -> Review? {
        try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE org = ? AND id = ?", arguments: [org.rawValue, id])
            .map(Self.review)
    }

    /// Reviews in id order (oldest first), optionally of one state or record.
    public func reviews(state: Review.State? = nil, record: RecordID? = nil, limit: Int = 100) throws -> [Review] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM reviews WHERE org = ? AND (? IS NULL OR state = ?) AND (? IS NULL OR record = ?)
            ORDER BY id LIMIT ?
            """, arguments: [org.rawValue, state?.rawValue, state?.rawValue, record?.description, record?.description, limit])
            .map(Self.review)
    }

    static func review(_ row: Row) throws -> Review {
        guard let kind = RecordKind(rawValue: row["kind"]), let state = Review.State(rawValue: row["state"]) else {
            throw StoreError.corrupt("reviews row \(row["id"] as Int64? ?? -1)")
        }
        return Review(
            id: row["id"], record: try Codec.recordID(row["record"]), kind: kind, reason: row["reason"],
            detail: row["detail"], edits: try Codec.decode([String: FieldValue].self, row["edits"], column: "reviews.edits"),
            state: state, createdAt: Codec.date(row["created_at"]), updatedAt: Codec.date(row["updated_at"]),
            decidedAt: (row["decided_at"] as Int64?).map(Codec.date), decidedBy: row["decided_by"])
    }
}

extension OrgWriteTransaction {
    /// Files a review, or refreshes the pending one of the same record and reason with the newer
    /// detail and edits (the latest hook run is what a person should judge). Returns its id.
    @discardableResult
    public func fileReview(_ draft: ReviewDraft) throws -> Int64 {
        let edits = try Codec.encode(draft.edits)
        if let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM reviews WHERE org = ? AND record = ? AND reason = ? AND state = 'pending'
            """, arguments: [org.rawValue, draft.record.description, draft.reason]) {
            try db.execute(sql: "UPDATE reviews SET detail = ?, edits = ?, updated_at = ? WHERE id = ?",
                           arguments: [draft.detail, edits, Codec.millis(now), id])
            return id
        }
        try db.execute(sql: """
            INSERT INTO reviews (org, record, kind, reason, detail, edits, state, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            """, arguments: [org.rawValue, draft.record.description, draft.kind.rawValue, draft.reason, draft.detail,
                             edits, Codec.millis(now), Codec.millis(now)])
        return db.lastInsertedRowID
    }

    /// Closes a pending review as approved or rejected. Throws `notFound` when there is no such
    /// review and `store.review_decided` when it was already decided.
    public func decideReview(_ id: Int64, approved: Bool, by actor: String) throws {
        guard let review = try review(id) else { throw StoreError.notFound("no review \(id)") }
        guard review.state == .pending else {
            throw StoreError(code: "store.review_decided",
                             message: "review \(id) is already \(review.state.rawValue) (by \(review.decidedBy ?? "?"))")
        }
        try db.execute(sql: "UPDATE reviews SET state = ?, decided_at = ?, decided_by = ?, updated_at = ? WHERE id = ?",
                       arguments: [approved ? "approved" : "rejected", Codec.millis(now), actor, Codec.millis(now), id])
    }

    /// Closes the record's pending reviews whose reason is not in `keeping`: a later run on the
    /// record no longer raised them, so what they hold is stale and must not be approved.
    /// They are kept, rejected by `actor`, for the record. Returns how many.
    @discardableResult
    public func supersedeReviews(of record: RecordID, keeping reasons: Set<String>, by actor: String) throws -> Int {
        let stale = try reviews(state: .pending, record: record, limit: Int.max).filter { !reasons.contains($0.reason) }
        for review in stale { try decideReview(review.id, approved: false, by: actor) }
        return stale.count
    }

    /// Claims a notification's dedup key: true the first time, false when it was queued before.
    public func claimNotificationKey(_ key: String) throws -> Bool {
        try db.execute(sql: "INSERT OR IGNORE INTO notification_keys (org, key, queued_at) VALUES (?, ?, ?)",
                       arguments: [org.rawValue, key, Codec.millis(now)])
        return db.changesCount > 0
    }

    /// Forgets keys queued before `cutoff`; their day is over, so they can never match again.
    @discardableResult
    public func pruneNotificationKeys(before cutoff: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM notification_keys WHERE org = ? AND queued_at < ?",
                       arguments: [org.rawValue, Codec.millis(cutoff)])
        return db.changesCount
    }
}
