import DealSyncCore
import Foundation

/// Writes what enrichment found into a mail activity's `description`, the field the CRMs show:
/// the message's new text as the guardrail redacted it, then a short summary (sentiment, action
/// items, competitor mentions, attachment names and sizes). Attachments themselves never leave.
/// Runs after the enrichment hook in the same stage, on activities only; a change without new
/// text (its own description edit coming back) edits nothing, so it cannot loop.
public struct ActivitySummaryHook: Hook {
    public let name = "activity_summary"
    public let stage = HookStage.enrichment
    public let timeout: Duration
    /// Longest description written; CRMs cap long text (Salesforce Task: 32 000 characters).
    public var maxCharacters: Int

    public init(timeout: Duration = .seconds(1), maxCharacters: Int = 8000) {
        self.timeout = timeout
        self.maxCharacters = maxCharacters
    }

    /// The local-only activity field the mail watcher fills with "name (size)" entries.
    public static let attachmentsField = "attachments"

    public func run(_ work: HookWork) async throws -> HookWork {
        guard work.change.kind == .activity, !work.redactedTexts.isEmpty else { return work }
        let description = Self.describe(texts: work.redactedTexts, enrichments: work.enrichments,
                                        attachments: work.change.fields[Self.attachmentsField], limit: maxCharacters)
        guard work.change.fields["description"] != .string(description) else { return work }
        var work = work
        work.edits.append(FieldEdit(record: work.change.record, field: "description", value: .string(description)))
        return work
    }

    static func describe(texts: [String], enrichments: [EmailEnrichment], attachments: FieldValue?, limit: Int) -> String {
        var summary: [String] = []
        let scores = enrichments.map(\.sentiment)
        if !scores.isEmpty {
            let mean = scores.reduce(0, +) / Double(scores.count)
            let label = enrichments.count == 1 ? enrichments[0].sentimentLabel.rawValue
                : (mean > 0.05 ? "positive" : mean < -0.05 ? "negative" : "neutral")
            summary.append("Sentiment: \(label) (\(String(format: "%.2f", mean)))")
        }
        let items = enrichments.flatMap(\.actionItems)
        if !items.isEmpty {
            summary.append("Action items:")
            summary += items.prefix(10).map { "- \($0.kind.rawValue): \($0.text)" + ($0.due.map { " (due \($0))" } ?? "") }
        }
        let competitors = Array(Set(enrichments.flatMap(\.competitorMentions))).sorted()
        if !competitors.isEmpty { summary.append("Competitors mentioned: " + competitors.joined(separator: ", ")) }
        if case .string(let list)? = attachments, !list.isEmpty { summary.append("Attachments (not copied): " + list) }
        let footer = summary.isEmpty ? "" : "\n\n-- DealSync --\n" + summary.joined(separator: "\n")
        let body = texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let room = max(0, limit - footer.count)
        let clipped = body.count > room ? String(body.prefix(max(0, room - 1))) + "…" : body
        return clipped + footer
    }
}
