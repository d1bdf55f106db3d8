import DealSyncHooks
import DealSyncMail
import Foundation
import Testing

/// Quality on the report half of the labelled set (the tune half is the only one looked at
/// while adjusting lexicon and cues). Prints precision, recall and F1 per label; the floors
/// sit a little under the measured figures so a regression fails the build.
@Suite("Enrichment quality on the report half")
struct EvaluationReportTests {
    @Test("at least 200 labelled messages, split into two disjoint halves")
    func setShape() throws {
        let examples = try EvaluationSet.load()
        #expect(examples.count >= 200)
        let tune = Set(examples.filter { $0.split == "tune" }.map(\.id))
        let report = Set(examples.filter { $0.split == "report" }.map(\.id))
        #expect(tune.isDisjoint(with: report))
        #expect(tune.count + report.count == examples.count)
    }

    @Test("sentiment, participants, companies, action items, seniority: P/R/F1 over floors")
    func reportHalf() throws {
        let half = ProcessInfo.processInfo.environment["DEALSYNC_EVAL_SPLIT"] ?? "report"
        let examples = try EvaluationSet.load().filter { $0.split == half }
        var sentiment: [String: Score] = [:]
        var seniority: [String: Score] = [:]
        var participants = Score()
        var companies = Score()
        var requests = Score()
        var commitments = Score()
        var titles = Score()
        var phones = Score()
        var mistakes: [String] = []

        for example in examples {
            let (_, enrichment) = EvaluationSet.run(example)
            let predicted = enrichment.sentimentLabel.rawValue
            for label in ["positive", "neutral", "negative"] {
                sentiment[label, default: Score()].add(predicted: predicted == label, actual: example.sentiment == label)
            }
            if predicted != example.sentiment {
                mistakes.append("\(example.id) \(example.sentiment)→\(predicted) \(String(format: "%.2f", enrichment.sentiment))")
            }
            participants.add(predicted: Set(enrichment.contacts.map(\.email)), actual: Set(example.participants))
            companies.add(predicted: Set(enrichment.companyDomains), actual: Set(example.companies))
            requests.add(predicted: enrichment.actionItems.contains { $0.kind == .request }, actual: example.request)
            commitments.add(predicted: enrichment.actionItems.contains { $0.kind == .commitment }, actual: example.commitment)
            let sender = enrichment.contacts.first { $0.role == .from }
            let level = sender?.seniority.rawValue ?? "unknown"
            for label in Seniority.allCases.map(\.rawValue) {
                seniority[label, default: Score()].add(predicted: level == label, actual: example.seniority == label)
            }
            titles.add(predicted: Set([sender?.title].compactMap { $0 }), actual: Set([example.senderTitle].compactMap { $0 }))
            phones.add(predicted: Set([sender?.phone].compactMap { $0 }), actual: Set([example.senderPhone].compactMap { $0 }))
        }

        let sentimentMacro = ["positive", "neutral", "negative"].map { sentiment[$0]!.f1 }.reduce(0, +) / 3
        let seniorityMacro = Seniority.allCases.map { seniority[$0.rawValue]!.f1 }.reduce(0, +) / Double(Seniority.allCases.count)
        var lines = ["enrichment quality on the \(half) half (\(examples.count) messages)"]
        for label in ["positive", "neutral", "negative"] { lines.append("  sentiment \(label): \(sentiment[label]!)") }
        lines.append(String(format: "  sentiment macro-F1: %.3f", sentimentMacro))
        lines.append("  participants: \(participants)")
        lines.append("  companies: \(companies)")
        lines.append("  requests: \(requests)")
        lines.append("  commitments: \(commitments)")
        for label in Seniority.allCases { lines.append("  seniority \(label.rawValue): \(seniority[label.rawValue]!)") }
        lines.append(String(format: "  seniority macro-F1: %.3f", seniorityMacro))
        lines.append("  sender title: \(titles)")
        lines.append("  sender phone: \(phones)")
        lines.append("  sentiment mistakes: \(mistakes.joined(separator: "; "))")
        print(lines.joined(separator: "\n"))

        #expect(sentimentMacro >= 0.85)
        #expect(participants.f1 >= 0.98)
        #expect(companies.f1 >= 0.95)
        #expect(requests.f1 >= 0.75)
        #expect(commitments.f1 >= 0.75)
        #expect(seniorityMacro >= 0.9)
        #expect(phones.f1 >= 0.9)
    }

    @Test("benchmark: parse and enrich messages per second")
    func throughput() throws {
        let examples = try EvaluationSet.load()
        let raws = examples.map { Array($0.raw.utf8) }
        let rounds = 20
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for raw in raws {
                    let message = MessageParser().parse(raw)
                    _ = EvaluationSet.enricher.enrich(EmailFacts(message))
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(rounds * raws.count) / seconds
        print(String(format: "parse+enrich: %.0f messages/s (%d messages, debug build)", rate, rounds * raws.count))
        #expect(rate > 50)
    }
}
