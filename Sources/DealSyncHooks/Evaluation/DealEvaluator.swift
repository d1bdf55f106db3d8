import DealSyncCore
import Foundation

/// What the evaluator checks: a deal's canonical fields and the score about to be written.
public struct EvaluationInput: Sendable, Hashable {
    public var amount: Money?
    public var createdDate: CalendarDate?
    public var closeDate: CalendarDate?
    /// Percent, 0…100.
    public var probability: Decimal?
    public var stage: String?
    /// The score about to be written back, 0…100.
    public var score: Double?
    /// Contacts and companies the deal references, and which of them exist.
    public var references: [RecordID]
    public var knownRecords: Set<RecordID>

    public init(amount: Money? = nil, createdDate: CalendarDate? = nil, closeDate: CalendarDate? = nil,
                probability: Decimal? = nil, stage: String? = nil, score: Double? = nil,
                references: [RecordID] = [], knownRecords: Set<RecordID> = []) {
        self.amount = amount; self.createdDate = createdDate; self.closeDate = closeDate
        self.probability = probability; self.stage = stage; self.score = score
        self.references = references; self.knownRecords = knownRecords
    }
}

/// One failed check. `detail` names fields and numbers, never personal data.
public struct Violation: Sendable, Hashable {
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case closeBeforeCreate = "close_before_create"
        case negativeAmount = "negative_amount"
        case absurdAmount = "absurd_amount"
        case probabilityOutOfRange = "probability_out_of_range"
        case scoreFarFromStage = "score_far_from_stage"
        case missingReference = "missing_reference"

        /// How much the quality score drops. A score far from its stage's norm alone does not
        /// block (new information can move a deal), but with any other problem it does.
        var penalty: Double {
            switch self {
            case .closeBeforeCreate: 0.4
            case .negativeAmount: 0.5
            case .absurdAmount: 0.4
            case .probabilityOutOfRange: 0.4
            case .scoreFarFromStage: 0.2
            case .missingReference: 0.35
            }
        }
    }
    public var rule: Rule
    public var detail: String
}

public struct Evaluation: Sendable, Hashable {
    public var violations: [Violation]
    /// 1 − the penalties, floored at 0.
    public var quality: Double
    public var blocked: Bool { quality < DealEvaluator.blockBelow }
}

/// Consistency checks run before anything is written back to a CRM.
public struct DealEvaluator: Sendable {
    public static let blockBelow = 0.7

    /// Amounts above this are a typo (an extra zero or three), not a deal.
    public var maxAmount: Decimal
    /// The score a deal in each stage typically has; further than `stageTolerance` is suspect.
    public var stageNorms: [String: Double]
    public var stageTolerance: Double

    public init(maxAmount: Decimal = 1_000_000_000,
                stageNorms: [String: Double] = ["prospecting": 15, "qualification": 30, "proposal": 50,
                                                "negotiation": 70, "closed_won": 100, "closed_lost": 0],
                stageTolerance: Double = 50) {
        self.maxAmount = maxAmount; self.stageNorms = stageNorms; self.stageTolerance = stageTolerance
    }

    public func evaluate(_ input: EvaluationInput) -> Evaluation {
        var v: [Violation] = []
        if let created = input.createdDate, let close = input.closeDate, close < created {
            v.append(Violation(rule: .closeBeforeCreate, detail: "close_date \(close) before created \(created)"))
        }
        if let amount = input.amount {
            if amount.amount < 0 {
                v.append(Violation(rule: .negativeAmount, detail: "amount is negative"))
            } else if amount.amount > maxAmount {
                v.append(Violation(rule: .absurdAmount, detail: "amount above \(maxAmount) \(amount.currency)"))
            }
        }
        if let p = input.probability, p < 0 || p > 100 {
            v.append(Violation(rule: .probabilityOutOfRange, detail: "probability \(p) outside 0…100"))
        }
        if let score = input.score, let stage = input.stage, let norm = stageNorms[stage], abs(score - norm) > stageTolerance {
            v.append(Violation(rule: .scoreFarFromStage, detail: "score \(score) far from \(stage) norm \(norm)"))
        }
        for ref in input.references where !input.knownRecords.contains(ref) {
            v.append(Violation(rule: .missingReference, detail: "reference \(ref) not found"))
        }
        let quality = max(0, 1 - v.reduce(0) { $0 + $1.rule.penalty })
        return Evaluation(violations: v, quality: (quality * 1000).rounded() / 1000)
    }
}
