import Foundation

/// An attachment's metadata. Attachments are never copied to CRMs; their names and sizes are.
public struct AttachmentInfo: Sendable, Hashable, Codable {
    /// The file name from Content-Disposition or Content-Type, or nil when it has none.
    public var filename: String?
    public var mimeType: String
    /// Decoded size in bytes (Gmail and Graph report sizes the same way).
    public var size: Int

    public init(filename: String?, mimeType: String, size: Int) {
        self.filename = filename
        self.mimeType = mimeType
        self.size = size
    }
}

/// Everything read from one message. A message that broke a limit or was malformed still
/// yields one of these, with `flags` saying what was lost.
public struct ParsedMessage: Sendable, Hashable {
    public var headers: HeaderSection
    public var subject: String
    public var from: [MailAddress]
    public var sender: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var bcc: [MailAddress]
    public var replyTo: [MailAddress]
    public var date: Date?
    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]
    /// The whole readable text: text/plain parts, or HTML converted when there is no plain part.
    public var text: String
    /// What the sender wrote in this message, without quoted history or signature.
    public var newText: String
    public var signature: String
    public var quotedText: String
    public var attachments: [AttachmentInfo]
    public var flags: Set<ParseFlag>
    /// Raw bytes offered to the parser.
    public var sizeBytes: Int

    public init(
        headers: HeaderSection = HeaderSection(), subject: String = "", from: [MailAddress] = [], sender: MailAddress? = nil,
        to: [MailAddress] = [], cc: [MailAddress] = [], bcc: [MailAddress] = [], replyTo: [MailAddress] = [],
        date: Date? = nil, messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [],
        text: String = "", newText: String = "", signature: String = "", quotedText: String = "",
        attachments: [AttachmentInfo] = [], flags: Set<ParseFlag> = [], sizeBytes: Int = 0
    ) {
        self.headers = headers
        self.subject = subject
        self.from = from
        self.sender = sender
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.text = text
        self.newText = newText
        self.signature = signature
        self.quotedText = quotedText
        self.attachments = attachments
        self.flags = flags
        self.sizeBytes = sizeBytes
    }

    /// Every distinct mailbox in From, Sender, To, Cc, Bcc and Reply-To, first occurrence first.
    public var participants: [MailAddress] {
        var seen: Set<String> = []
        var result: [MailAddress] = []
        for address in from + [sender].compactMap({ $0 }) + to + cc + bcc + replyTo
        where seen.insert(address.address.lowercased()).inserted {
            result.append(address)
        }
        return result
    }
}
