import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

/// One org's sync: turns pages of remote records into canonical state and push jobs, and
/// planned pushes into confirmed shadows. It knows the store, the mappings and the resolver;
/// it never talks HTTP (the daemon hands it pages and results).
public struct SyncEngine: Sendable {
    public let store: OrgStore
    public let mappings: MappingSet
    /// The org's CRM sources and their kinds: the replicas of every synced record.
    public let sources: [SourceID: CRMKind]
    public var policy: SyncPolicy
    /// Where a job of this priority, enqueued now, sits in the claim order (the queue's aging).
    let orderKey: @Sendable (JobPriority, Date) -> Int64

    public init(store: OrgStore, mappings: MappingSet, sources: [SourceID: CRMKind], policy: SyncPolicy = SyncPolicy(),
                orderKey: @escaping @Sendable (JobPriority, Date) -> Int64) {
        self.store = store
        self.mappings = mappings
        self.sources = sources
        self.policy = policy
        self.orderKey = orderKey
    }

    func context(_ kind: RecordKind) -> ResolverContext {
        mappings.resolverContext(kind, replicas: sources.mapValues(\.rawValue))
    }

    var referenceSources: [CRMKind: SourceID] {
        Dictionary(sources.map { ($0.value, $0.key) }, uniquingKeysWith: { a, b in min(a, b) })
    }

    /// Push jobs for every replica the decision left behind, in the same transaction, except
    /// those `parked` names for this record (their last push is in the dead letter).
    public func enqueueWork(_ decision: RecordDecision, record: RecordID, kind: RecordKind, priority: JobPriority,
                            parked: [SourceID: Set<RecordID>] = [:], tx: OrgWriteTransaction) throws -> Int {
        var targets = Set(decision.pushes.keys).union(decision.creates).union(decision.deletes)
        targets.remove(.local)
        targets = targets.filter { parked[$0]?.contains(record) != true }
        for replica in targets.sorted() {
            let fields = decision.pushes[replica] ?? []
            let state = decision.state
            let payload = JobPayload(
                fields: Dictionary(uniqueKeysWithValues: fields.compactMap { n in state.fields[n].map { (n, $0.value) } }),
                vectors: Dictionary(uniqueKeysWithValues: fields.compactMap { n in state.fields[n].map { (n, $0.vector) } }))
            try tx.insertJob(JobDraft(source: replica, kind: .push, object: kind.rawValue, record: record,
                                      priority: priority, orderKey: orderKey(priority, tx.now), payload: payload))
        }
        return targets.count
    }

    /// Deals at or above the org's threshold jump the queue (DESIGN §5).
    func priority(of state: RecordState, kind: RecordKind, backfill: Bool) -> JobPriority {
        if kind == .deal, let threshold = policy.highValueAmount, case .money(let m)? = state.fields["amount"]?.value,
           m.amount >= threshold {
            return .highValue
        }
        return backfill ? .backfill : .normal
    }
}

/// Per-org knobs of the engine.
public struct SyncPolicy: Sendable, Hashable {
    /// Deals worth at least this much are pushed with high priority; nil disables the class.
    public var highValueAmount: Decimal?
    /// A page may delete at most this share of an object's records before the run stops and
    /// waits for an admin (a mass delete is more often an accident than an intent).
    public var maxDeleteShare: Double
    /// Below this many records the share rule would trip on single deletes: allow these always.
    public var deleteAllowance: Int
    /// Deletes within this many seconds count together, however the CRM paged them.
    public var deleteWindow: TimeInterval
    /// Enqueue a `hook_run` job with every committed remote change (DESIGN §1 step 5). Off
    /// unless the org configures hooks: nobody would drain the jobs otherwise.
    public var runsHooks: Bool

    public init(highValueAmount: Decimal? = 100_000, maxDeleteShare: Double = 0.10, deleteAllowance: Int = 5,
                deleteWindow: TimeInterval = 600, runsHooks: Bool = false) {
        self.deleteWindow = deleteWindow
        self.runsHooks = runsHooks
        self.highValueAmount = highValueAmount
        self.maxDeleteShare = maxDeleteShare
        self.deleteAllowance = deleteAllowance
    }
}
