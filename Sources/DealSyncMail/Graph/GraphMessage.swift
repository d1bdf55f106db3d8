import Foundation

/// A Microsoft Graph `message` (mail API v1.0), the properties parsing needs.
public struct GraphMessage: Sendable, Decodable, Hashable {
    public struct EmailAddress: Sendable, Decodable, Hashable {
        public var name: String?
        public var address: String?
    }

    public struct Recipient: Sendable, Decodable, Hashable {
        public var emailAddress: EmailAddress?
    }

    public struct ItemBody: Sendable, Decodable, Hashable {
        /// "text" or "html".
        public var contentType: String?
        public var content: String?
    }

    /// Present when the request used `$expand=attachments` (content is not kept).
    public struct Attachment: Sendable, Decodable, Hashable {
        public var name: String?
        public var contentType: String?
        public var size: Int?
    }

    public var id: String
    public var subject: String?
    public var from: Recipient?
    public var sender: Recipient?
    public var toRecipients: [Recipient]?
    public var ccRecipients: [Recipient]?
    public var bccRecipients: [Recipient]?
    public var replyTo: [Recipient]?
    public var body: ItemBody?
    public var internetMessageId: String?
    public var conversationId: String?
    public var receivedDateTime: String?
    public var sentDateTime: String?
    public var attachments: [Attachment]?
}

extension MessageParser {
    /// Parses a Graph message. Graph has decoded the MIME already; the body is text or HTML.
    /// Headers are synthesised so the result has the same shape as a parsed raw message.
    public func parse(graph message: GraphMessage) -> ParsedMessage {
        func mailbox(_ recipient: GraphMessage.Recipient?) -> String? {
            guard let address = recipient?.emailAddress?.address, !address.isEmpty else { return nil }
            let name = recipient?.emailAddress?.name?.replacingOccurrences(of: "\"", with: "'")
            return name.map { "\"\($0)\" <\(address)>" } ?? address
        }
        func list(_ recipients: [GraphMessage.Recipient]?) -> String? {
            let mailboxes = (recipients ?? []).compactMap(mailbox)
            return mailboxes.isEmpty ? nil : mailboxes.joined(separator: ", ")
        }
        var fields: [HeaderField] = []
        func add(_ name: String, _ value: String?) { if let value { fields.append(HeaderField(name: name, rawValue: value)) } }
        add("From", mailbox(message.from))
        add("Sender", mailbox(message.sender))
        add("To", list(message.toRecipients))
        add("Cc", list(message.ccRecipients))
        add("Bcc", list(message.bccRecipients))
        add("Reply-To", list(message.replyTo))
        add("Subject", message.subject)
        add("Message-ID", message.internetMessageId)
        var content = message.body?.content ?? ""
        var flags: Set<ParseFlag> = []
        if content.count > limits.maxTextCharacters {
            content = String(content.prefix(limits.maxTextCharacters))
            flags.insert(.truncated)
        }
        let isHTML = message.body?.contentType?.lowercased() == "html"
        var parsed = MessageParser.assemble(
            headers: HeaderSection(fields: fields), plainTexts: isHTML ? [] : [content], htmlTexts: isHTML ? [content] : [],
            attachments: (message.attachments ?? []).map {
                AttachmentInfo(filename: $0.name, mimeType: $0.contentType ?? "application/octet-stream", size: $0.size ?? 0)
            },
            flags: flags, sizeBytes: content.utf8.count)
        parsed.date = (message.sentDateTime ?? message.receivedDateTime).flatMap { try? Date($0, strategy: .iso8601) }
        return parsed
    }
}
