import Foundation

/// `dealsyncctl score`'s human output: the verdict, each feature's pull on it, risks and actions.
public enum ScoreText {
    public static func render(_ report: ScoreReport) -> String {
        var lines = [
            "\(report.org)/\(report.deal)\(report.name.map { " (\($0))" } ?? "")",
            "score: \(format(report.score, 1))/100",
            "confidence: \(format(report.confidence * 100, 0))%\(report.needsReview ? " (below the review threshold)" : "")",
            "method: \(report.method)",
        ]
        if report.contributions.isEmpty {
            lines.append("contributions: (none)")
        } else {
            lines.append("contributions:")
            let rows = report.contributions.map { c in
                [c.feature, c.value.map { format($0, 3) } ?? "-", (c.contribution >= 0 ? "+" : "") + format(c.contribution, 3)]
            }
            lines += TextTable(headers: ["FEATURE", "VALUE", "CONTRIBUTION"], rows: rows).render()
                .split(separator: "\n").map { "  " + $0 }
        }
        lines.append(report.risks.isEmpty ? "risks: (none)" : "risks:")
        lines += report.risks.map { "  - \($0.summary) (\($0.feature), \(format($0.contribution, 3)))" }
        lines.append(report.nextActions.isEmpty ? "next actions: (none)" : "next actions:")
        lines += report.nextActions.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
