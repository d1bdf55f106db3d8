import DealSyncCore

/// What one page did, for logs, `dealsyncctl status` and metrics.
public struct IngestReport: Sendable, Hashable {
    public var seen = 0
    /// Linked to an existing record by DealSync id or natural key.
    public var matched = 0
    /// New canonical records.
    public var created = 0
    /// Records whose canonical state changed.
    public var changed = 0
    /// Reports equal to what the replica already held: nothing changed there, or our own echo.
    public var unchanged = 0
    public var conflicts = 0
    /// `conflicts` by the policy that settled (or parked) each, for the metric's `policy` label.
    public var conflictsByPolicy: [String: Int] = [:]
    public var deleted = 0
    public var jobs = 0
    /// Records whose payload was older than one already ingested: fetch them again.
    public var refetch: [String] = []
    /// Records with changed canonical fields (hooks run on these).
    public var changedRecords: [RecordID] = []

    public init() {}

    /// Adds what another page (or slice of one) did.
    public mutating func merge(_ other: IngestReport) {
        seen += other.seen
        matched += other.matched
        created += other.created
        changed += other.changed
        unchanged += other.unchanged
        conflicts += other.conflicts
        conflictsByPolicy.merge(other.conflictsByPolicy, uniquingKeysWith: +)
        deleted += other.deleted
        jobs += other.jobs
        refetch += other.refetch
        changedRecords += other.changedRecords
    }
}
