import DealSyncCore
import Foundation

/// Checks a deal and the score about to be written back; a quality under 0.7 withholds every
/// edit and files a review item. If the check itself fails, edits are withheld too: nothing
/// unchecked is written to a CRM.
public struct EvaluationHook: Hook {
    public let name = "evaluation"
    public let stage = HookStage.evaluation
    public let timeout: Duration
    let evaluator: DealEvaluator
    /// Quality under this withholds the edits (the org's `quality_threshold`).
    let blockBelow: Double

    public init(evaluator: DealEvaluator = DealEvaluator(), timeout: Duration = .seconds(1),
                blockBelow: Double = DealEvaluator.blockBelow) {
        self.evaluator = evaluator
        self.timeout = timeout
        self.blockBelow = blockBelow
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard work.change.kind == .deal else { return work }
        var work = work
        let evaluation = evaluator.evaluate(Self.input(work))
        work.evaluation = evaluation
        if evaluation.quality < blockBelow {
            withhold(&work, detail: "quality \(evaluation.quality): " + evaluation.violations.map(\.rule.rawValue).joined(separator: ", "))
        }
        return work
    }

    public func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        var work = work
        withhold(&work, detail: "evaluation did not complete")
        return work
    }

    private func withhold(_ work: inout HookWork, detail: String) {
        guard !work.edits.isEmpty else { return }
        work.withheldEdits += work.edits
        work.edits = []
        work.reviews.append(ReviewItem(record: work.change.record, reason: .lowQuality, detail: detail))
    }

    /// Reads the canonical deal fields of mappings/deal.yaml.
    static func input(_ work: HookWork) -> EvaluationInput {
        let f = work.change.fields
        var input = EvaluationInput(knownRecords: work.change.knownRecords)
        if case .money(let m)? = f["amount"] { input.amount = m }
        if case .date(let d)? = f["close_date"] { input.closeDate = d }
        switch f["created_date"] {
        case .date(let d)?: input.createdDate = d
        case .datetime(let t)?: input.createdDate = CalendarDate(ISO8601DateFormatter().string(from: t))
        default: break
        }
        if case .decimal(let p)? = f["probability"] { input.probability = p }
        if case .enumeration(let s)? = f["stage"] { input.stage = s }
        input.score = work.score?.score
        for name in ["company", "contacts"] {
            switch f[name] {
            case .reference(let r)?: input.references.append(r)
            case .multi(let values)?: input.references += values.compactMap { if case .reference(let r) = $0 { r } else { nil } }
            default: break
            }
        }
        return input
    }
}
