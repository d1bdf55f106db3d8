import DealSyncCore
import Foundation

/// Brings the deal's features into the work. The feature store (incremental counters, daily
/// aggregates, staleness bound) lives in the daemon and is reached through `lookup`; when it
/// fails, the deal is scored on what the change itself carries.
public struct FeaturesHook: Hook {
    public let name = "features"
    public let stage = HookStage.features
    public let timeout: Duration
    let lookup: @Sendable (HookChange) async throws -> DealFeatures

    public init(timeout: Duration = .seconds(1), lookup: @escaping @Sendable (HookChange) async throws -> DealFeatures) {
        self.timeout = timeout
        self.lookup = lookup
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard work.change.kind == .deal else { return work }
        var work = work
        work.features = try await lookup(work.change)
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

    public init(scorer: DealScorer, timeout: Duration = .seconds(1)) {
        self.scorer = scorer
        self.timeout = timeout
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard work.change.kind == .deal else { return work }
        return Self.apply(scorer.score(work.features ?? DealFeatures()), to: work)
    }

    /// A model that fails or overruns is replaced by the rules for this change.
    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        guard work.change.kind == .deal else { return nil }
        return Self.apply(RuleBasedScorer.score(work.features ?? DealFeatures()), to: work)
    }

    static func apply(_ score: DealScore, to work: HookWork) -> HookWork {
        var work = work
        work.score = score
        let record = work.change.record
        let edits = [
            FieldEdit(record: record, field: "score", value: .decimal(Decimal(string: String(format: "%.1f", score.score)) ?? 0)),
            FieldEdit(record: record, field: "risk", value: score.risks.first.map { .string($0.summary) } ?? .null),
            FieldEdit(record: record, field: "next_action", value: score.nextActions.first.map { .string($0) } ?? .null),
        ]
        if score.needsReview {
            work.withheldEdits += edits
            work.reviews.append(ReviewItem(record: record, reason: .lowConfidence,
                                           detail: "confidence \(Int((score.confidence * 100).rounded()))% below 60% (\(score.method.rawValue))"))
        } else {
            work.edits += edits
        }
        return work
    }
}
