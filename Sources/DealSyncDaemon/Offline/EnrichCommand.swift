import DealSyncHooks
import DealSyncMail
import Foundation

/// `dealsyncd enrich FILE.eml`: parse and enrich one message offline and show why it was
/// enriched as it was. Exit 0 on success, 66 (EX_NOINPUT) when the file cannot be read.
public enum EnrichCommand {
    /// What `--json` prints: the parse (headers that matter, text split, attachments, flags)
    /// and the enrichment.
    public struct Report: Encodable, Sendable {
        public var subject: String
        public var from: [MailAddress]
        public var to: [MailAddress]
        public var cc: [MailAddress]
        public var date: Date?
        public var messageID: String?
        public var newText: String
        public var signature: String
        public var quotedChars: Int
        public var attachments: [AttachmentInfo]
        public var flags: [ParseFlag]
        public var enrichment: EmailEnrichment

        enum CodingKeys: String, CodingKey {
            case subject, from, to, cc, date, attachments, flags, enrichment, signature
            case messageID = "message_id"
            case newText = "new_text"
            case quotedChars = "quoted_chars"
        }
    }

    public static func report(for bytes: [UInt8], config: EnrichmentConfig = EnrichmentConfig()) -> Report {
        let message = MessageParser().parse(bytes)
        let enrichment = EmailEnricher(config: config).enrich(EmailFacts(message))
        return Report(
            subject: message.subject, from: message.from, to: message.to, cc: message.cc, date: message.date,
            messageID: message.messageID, newText: message.newText, signature: message.signature,
            quotedChars: message.quotedText.count, attachments: message.attachments,
            flags: message.flags.sorted(), enrichment: enrichment
        )
    }

    /// Runs the command; returns the exit status.
    public static func run(path: String, json: Bool, competitors: [String], internalDomains: [String]) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("enrich: cannot read \(path)\n".utf8))
            return 66
        }
        let config = EnrichmentConfig(internalDomains: Set(internalDomains.map { $0.lowercased() }), competitors: competitors)
        let report = report(for: [UInt8](data), config: config)
        FileHandle.standardOutput.write(Data(((json ? jsonText(report) : text(report)) + "\n").utf8))
        return 0
    }

    static func jsonText(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func text(_ report: Report) -> String {
        let enrichment = report.enrichment
        var lines = ["subject: \(report.subject)"]
        for contact in enrichment.contacts {
            var line = "contact: \(contact.email) [\(contact.role.rawValue)]"
            if let name = contact.name { line += " \(name)" }
            if let title = contact.title { line += ", \(title)" }
            if contact.seniority != .unknown { line += " (\(contact.seniority.rawValue))" }
            if let phone = contact.phone { line += ", \(phone)" }
            lines.append(line)
        }
        lines.append("companies: \(enrichment.companyDomains.joined(separator: ", "))")
        lines.append("sentiment: \(String(format: "%.2f", enrichment.sentiment)) (\(enrichment.sentimentLabel.rawValue))")
        for item in enrichment.actionItems {
            lines.append("\(item.kind.rawValue): \(item.text)" + (item.due.map { " [due: \($0)]" } ?? ""))
        }
        if !enrichment.competitorMentions.isEmpty { lines.append("competitors: \(enrichment.competitorMentions.joined(separator: ", "))") }
        for attachment in report.attachments {
            lines.append("attachment: \(attachment.filename ?? "(unnamed)") \(attachment.mimeType) \(attachment.size) bytes")
        }
        if !report.flags.isEmpty { lines.append("flags: \(report.flags.map(\.rawValue).joined(separator: ", "))") }
        if !enrichment.fallbacks.isEmpty { lines.append("fallbacks: \(enrichment.fallbacks.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
