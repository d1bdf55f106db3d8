import DealSyncCore
import Foundation

/// The daemon's feature store as the features stage sees it.
public protocol DealFeatureSource: Sendable {
    /// Records what the change says about its deal (a stage move; an activity's sentiment,
    /// competitor mentions and contact, read from `enrichments` of its texts) and returns the
    /// deal's features when the change is to a deal, nil otherwise.
    func features(for change: HookChange, enrichments: [EmailEnrichment]) async throws -> DealFeatures?
}

/// Brings the deal's features into the work. The feature store (incremental counters, daily
/// aggregates, staleness bound) lives in the daemon; every change reaches it, so activities
/// update their deal's counters, but only deals get features. When the store fails or its
/// aggregates are too old, the deal is scored on what the change itself carries.
public struct FeaturesHook: Hook {
    public let name = "features"
    public let stage = HookStage.features
    public let timeout: Duration
    let lookup: @Sendable (HookChange, [EmailEnrichment]) async throws -> DealFeatures?

    public init(timeout: Duration = .seconds(1), source: any DealFeatureSource) {
        self.timeout = timeout
        self.lookup = { change, enrichments in try await source.features(for: change, enrichments: enrichments) }
    }

    /// A lookup of deals only, for tools and tests without a store.
    public init(timeout: Duration = .seconds(1), lookup: @escaping @Sendable (HookChange) async throws -> DealFeatures) {
        self.timeout = timeout
        self.lookup = { change, _ in change.kind == .deal ? try await lookup(change) : nil }
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        let features = try await lookup(work.change, work.enrichments)
        guard work.change.kind == .deal else { return work }
        var work = work
        work.features = features ?? DealFeatures()
        return work
    }

    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        guard work.change.kind == .deal else { return nil }
        var work = work
        work.features = DealFeatures(fromFields: work.change.fields)
        return work
    }
}

extension DealFeatures {
    /// Features a change carries as canonical decimal fields of the same name.
    public init(fromFields fields: [String: FieldValue]) {
        var values: [String: Double] = [:]
        for name in Self.names {
            if case .decimal(let d)? = fields[name] { values[name] = Double(truncating: d as NSNumber) }
        }
        self.init(values)
    }
}

/// Scores a deal and proposes the write-back of `score`, `risk` and `next_action` (the
/// canonical fields mappings/deal.yaml binds to each CRM). Low confidence withholds the
/// edits and files a review item instead.
public struct ScoringHook: Hook {
    public let name = "scoring"
    public let stage = HookStage.scoring
    public let timeout: Duration
    let scorer: DealScorer
    /// Scores less confident than this are withheld for review (the org's `review_confidence`).
    let reviewConfidence: Double

    public init(scorer: DealScorer, timeout: Duration = .seconds(1), reviewConfidence: Double = DealScore.reviewThreshold) {
        self.scorer = scorer
        self.timeout = timeout
        self.reviewConfidence = reviewConfidence
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard work.change.kind == .deal else { return work }
        return Self.apply(scorer.score(work.features ?? DealFeatures()), to: work, reviewBelow: reviewConfidence)
    }

    /// A model that fails or overruns is replaced by the rules for this change.
    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        guard work.change.kind == .deal else { return nil }
        return Self.apply(RuleBasedScorer.score(work.features ?? DealFeatures()), to: work, reviewBelow: reviewConfidence)
    }

    static func apply(_ score: DealScore, to work: HookWork, reviewBelow: Double = DealScore.reviewThreshold) -> HookWork {
        var work = work
        work.score = score
        let record = work.change.record
        let edits = [
            FieldEdit(record: record, field: "score", value: .decimal(Decimal(string: String(format: "%.1f", score.score)) ?? 0)),
            FieldEdit(record: record, field: "risk", value: score.risks.first.map { .string($0.summary) } ?? .null),
            FieldEdit(record: record, field: "next_action", value: score.nextActions.first.map { .string($0) } ?? .null),
        ]
        if score.confidence < reviewBelow {
            work.withheldEdits += edits
            work.reviews.append(ReviewItem(record: record, reason: .lowConfidence,
                                           detail: "confidence \(Int((score.confidence * 100).rounded()))% below \(Int((reviewBelow * 100).rounded()))% (\(score.method.rawValue))"))
        } else {
            work.edits += edits
        }
        return work
    }
}
