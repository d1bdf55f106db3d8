import Foundation

/// Precision, recall and F1 from counts.
struct Score: CustomStringConvertible {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0

    var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    mutating func add(predicted: Bool, actual: Bool) {
        switch (predicted, actual) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): break
        }
    }

    /// Counts a predicted set against an expected set (micro-averaged over items).
    mutating func add<T: Hashable>(predicted: Set<T>, actual: Set<T>) {
        truePositives += predicted.intersection(actual).count
        falsePositives += predicted.subtracting(actual).count
        falseNegatives += actual.subtracting(predicted).count
    }

    var description: String {
        String(format: "P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", precision, recall, f1, truePositives, falsePositives, falseNegatives)
    }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 1 : Double(numerator) / Double(denominator)
    }
}

