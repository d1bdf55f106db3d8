import DealSyncHooks
import Foundation
import Testing

/// Precision and recall per kind on the report half of the labeled set (the tune half is what
/// the patterns were written against). A finding counts only with exact kind, start and end.
@Suite struct PIIEvaluationTests {
    struct Example: Decodable {
        let id: Int
        let split: String
        let text: String
        let spans: [PIISpan]
    }

    struct Tally { var tp = 0, fp = 0, fn = 0 }

    static func tallies(split: String) throws -> [PIIKind: Tally] {
        let detector = PIIDetector()
        var t: [PIIKind: Tally] = [:]
        for line in try Fixtures.text("pii-eval.jsonl").split(separator: "\n") {
            let ex = try JSONDecoder().decode(Example.self, from: Data(line.utf8))
            guard ex.split == split else { continue }
            let found = Set(try detector.detect(ex.text))
            let truth = Set(ex.spans)
            for s in found { if truth.contains(s) { t[s.kind, default: Tally()].tp += 1 } else { t[s.kind, default: Tally()].fp += 1 } }
            for s in truth.subtracting(found) { t[s.kind, default: Tally()].fn += 1 }
        }
        return t
    }

    @Test func reportHalfMeetsFloorsForEveryKind() throws {
        let tallies = try Self.tallies(split: "report")
        #expect(Set(tallies.keys) == Set(PIIKind.allCases))
        for kind in PIIKind.allCases.sorted() {
            let t = tallies[kind] ?? Tally()
            let precision = Double(t.tp) / Double(max(1, t.tp + t.fp))
            let recall = Double(t.tp) / Double(max(1, t.tp + t.fn))
            print("pii report \(kind.rawValue): precision \(String(format: "%.3f", precision)) recall \(String(format: "%.3f", recall)) (tp \(t.tp) fp \(t.fp) fn \(t.fn))")
            #expect(precision >= 0.9, "precision \(kind)")
            #expect(recall >= 0.8, "recall \(kind)")
        }
    }

    @Test func setIsLargeAndSplitInHalves() throws {
        let lines = try Fixtures.text("pii-eval.jsonl").split(separator: "\n")
        #expect(lines.count >= 150)
        let report = lines.filter { $0.contains(#""split": "report""#) }.count
        #expect(abs(report * 2 - lines.count) <= 1)
    }
}
