import DealSyncDaemon
import DealSyncHooks
import DealSyncMail
import Foundation

/// One labelled message of Fixtures/eval.jsonl (built by Fixtures/make_eval.py from the
/// hand-labelled Fixtures/messages.txt).
struct EvaluationExample: Decodable {
    var id: String
    var split: String
    var sentiment: String
    var request: Bool
    var commitment: Bool
    var participants: [String]
    var companies: [String]
    var seniority: String
    var senderTitle: String?
    var senderPhone: String?
    var raw: String

    enum CodingKeys: String, CodingKey {
        case id, split, sentiment, request, commitment, participants, companies, seniority, raw
        case senderTitle = "sender_title"
        case senderPhone = "sender_phone"
    }
}

enum EvaluationSet {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load() throws -> [EvaluationExample] {
        let text = try String(contentsOf: directory.appendingPathComponent("eval.jsonl"), encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(EvaluationExample.self, from: Data($0.utf8)) }
    }

    /// The org the set is written from: its sales reps are internal.
    static let enricher = EmailEnricher(config: EnrichmentConfig(internalDomains: ["contoso.example"]))

    static func run(_ example: EvaluationExample) -> (ParsedMessage, EmailEnrichment) {
        let message = MessageParser().parse(Array(example.raw.utf8))
        return (message, enricher.enrich(EmailFacts(message)))
    }
}
