import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation
import Metrics

/// The daemon side of the features stage (DESIGN §6). Each change is recorded as it arrives
/// (stage transitions and activity signals update per-deal counters in the same transaction);
/// a deal's features are computed from its canonical records, its counters, its last 30 days
/// of activity and the org's aggregates, and cached for at most `cacheMaxAge`.
///
/// Aggregates (win rates, stage durations) are recomputed daily by `FeatureAggregateRefresher`.
/// When they are older than a day plus the cache bound and cannot be recomputed, lookups fail
/// with `FeatureStoreError.staleAggregates`, so the hook scores on the change's own fields.
public actor FeatureStore: DealFeatureSource {
    public struct Settings: Sendable {
        /// Cached features older than this are recomputed.
        public var cacheMaxAge: TimeInterval = 3600
        /// How often the aggregates are recomputed.
        public var aggregateInterval: TimeInterval = 86_400
        /// Deals kept in the cache; beyond it the oldest entries go first.
        public var cacheCapacity = 50_000

        public init() {}

        /// Past this age aggregates are not scored with: the daily run is an hour late.
        var aggregateMaxAge: TimeInterval { aggregateInterval + cacheMaxAge }
    }

    struct Key: Hashable {
        let org: OrgID
        let deal: RecordID
    }

    struct Entry {
        let features: DealFeatures
        let computedAt: Date
        let aggregatesAt: Date
        let dependsOn: Set<RecordID>
    }

    let store: Store
    let clock: any WallClock
    public let settings: Settings
    /// Reads texts that reach the store without the enrichment stage's results.
    let enricher: EmailEnricher
    private let hitCounter = Counter(label: "dealsync_feature_cache_hits_total")
    private let missCounter = Counter(label: "dealsync_feature_cache_misses_total")
    private var cache: [Key: Entry] = [:]
    /// Bumped whenever a deal's inputs change, so a computation that read the old inputs while
    /// the change was recorded does not cache its result.
    private var generations: [Key: UInt64] = [:]
    var aggregates: [OrgID: FeatureAggregates] = [:]
    var refreshing: [OrgID: Task<FeatureAggregates, any Error>] = [:]
    public private(set) var cacheHits = 0
    public private(set) var cacheMisses = 0

    public init(store: Store, clock: any WallClock = SystemWallClock(), settings: Settings = Settings(),
                enricher: EmailEnricher = EmailEnricher()) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.enricher = enricher
    }

    /// Share of lookups served from the cache, nil before the first.
    public var cacheHitRate: Double? {
        cacheHits + cacheMisses == 0 ? nil : Double(cacheHits) / Double(cacheHits + cacheMisses)
    }

    /// Records the change; for a deal, returns its features (empty for other kinds).
    public func features(for change: HookChange) async throws -> DealFeatures {
        try await features(for: change, enrichments: []) ?? DealFeatures()
    }

    public func features(for change: HookChange, enrichments: [EmailEnrichment]) async throws -> DealFeatures? {
        try await record(change, enrichments: enrichments)
        guard change.kind == .deal else { return nil }
        return try await features(org: change.org, deal: change.record)
    }

    /// A deal's features without recording anything (on-demand scoring).
    public func features(org: OrgID, deal: RecordID) async throws -> DealFeatures {
        let aggregates = try await usableAggregates(org)
        let key = Key(org: org, deal: deal)
        let now = clock.now()
        if let entry = cache[key], now.timeIntervalSince(entry.computedAt) < settings.cacheMaxAge,
           entry.aggregatesAt == aggregates.computedAt {
            cacheHits += 1
            hitCounter.increment()
            return entry.features
        }
        cacheMisses += 1
        missCounter.increment()
        let generation = generations[key, default: 0]
        guard let inputs = try await store.org(org).read({ tx in try DealFeatureInputs.read(deal: deal, in: tx, now: now) }) else {
            throw FeatureStoreError.unknownDeal(org: org, deal: deal)
        }
        let features = inputs.features(at: now, aggregates: aggregates)
        if generations[key, default: 0] == generation, self.aggregates[org]?.computedAt == aggregates.computedAt {
            remember(key, Entry(features: features, computedAt: now, aggregatesAt: aggregates.computedAt, dependsOn: inputs.dependsOn))
        }
        return features
    }

    func record(_ change: HookChange, enrichments: [EmailEnrichment]) async throws {
        var enrichments = enrichments
        if change.kind == .activity, enrichments.isEmpty {
            enrichments = change.texts.map { enricher.enrich(EmailFacts(participants: [], newText: $0)) }
        }
        let textless = change.kind == .activity && enrichments.isEmpty
        var touched: Set<RecordID> = []
        var events: [FeatureRecording] = []
        for recording in FeatureRecording.of(change, enrichments: enrichments) {
            if case .touched(let id) = recording { touched.insert(id) } else { events.append(recording) }
        }
        if !events.isEmpty {
            touched.formUnion(try await store.org(change.org).write { [events] tx in
                var touched: Set<RecordID> = []
                for event in events {
                    switch event {
                    case .transition(let t): if try tx.recordStageTransition(t) { touched.insert(t.deal) }
                    case .activity(let id, let signal): touched.formUnion(try tx.recordActivitySignal(activity: id, signal, keepingTextSignals: textless))
                    case .touched: break
                    }
                }
                return touched
            })
        }
        invalidate(org: change.org, touched, dependents: change.kind == .contact || change.kind == .company)
    }

    private func invalidate(org: OrgID, _ records: Set<RecordID>, dependents: Bool) {
        var keys = records.map { Key(org: org, deal: $0) }
        if dependents {
            keys += cache.filter { $0.key.org == org && !$0.value.dependsOn.isDisjoint(with: records) }.map(\.key)
        }
        for key in keys {
            cache[key] = nil
            generations[key, default: 0] &+= 1
        }
    }

    private func remember(_ key: Key, _ entry: Entry) {
        if cache.count >= settings.cacheCapacity {
            // Drop the oldest tenth at once, so eviction is not paid on every insert.
            let oldest = cache.sorted { $0.value.computedAt < $1.value.computedAt }.prefix(max(1, settings.cacheCapacity / 10))
            for (key, _) in oldest { cache[key] = nil }
        }
        cache[key] = entry
    }
}

/// Why the feature store could not answer; the features hook then scores on the change's fields.
public enum FeatureStoreError: Error, Equatable, CustomStringConvertible {
    case staleAggregates(org: OrgID, computedAt: Date?)
    case unknownDeal(org: OrgID, deal: RecordID)

    public var description: String {
        switch self {
        case .staleAggregates(let org, let at): "feature aggregates of \(org) are stale (computed \(at.map { "\($0)" } ?? "never")) and could not be recomputed"
        case .unknownDeal(let org, let deal): "no deal \(deal) in \(org)"
        }
    }
}
