import DealSyncMail
import DealSyncSync
import Foundation

extension MailActivity {
    /// The engine's view of a parsed message. `receivedAt` stands in for a missing Date header.
    init(id: String, parsed: ParsedMessage, receivedAt: Date) {
        let people = parsed.from + [parsed.sender].compactMap { $0 } + parsed.to + parsed.cc + parsed.bcc + parsed.replyTo
        var seen: Set<String> = []
        let participants = people.filter { seen.insert($0.address.lowercased()).inserted }
            .map { Person(name: $0.name, address: $0.address) }
        self.init(messageID: id, internetMessageID: parsed.messageID, subject: parsed.subject, sentAt: parsed.date ?? receivedAt,
                  participants: participants, newText: parsed.newText,
                  attachments: parsed.attachments.map { "\($0.filename ?? "unnamed \($0.mimeType)") (\(Self.size($0.size)))" })
    }

    static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: "\(bytes) B"
        case ..<(1024 * 1024): "\(bytes / 1024) KB"
        default: String(format: "%.1f MB", Double(bytes) / 1_048_576)
        }
    }
}
