import Foundation

/// Parses one RFC 5322 / MIME message. Pure and total: any input, however broken, yields a
/// `ParsedMessage`; what could not be read is named in its flags.
public struct MessageParser: Sendable {
    public var limits: MIMELimits

    public init(limits: MIMELimits = MIMELimits()) { self.limits = limits }

    public func parse(_ raw: [UInt8]) -> ParsedMessage {
        var flags: Set<ParseFlag> = []
        var bytes = raw
        if bytes.count > limits.maxMessageBytes {
            bytes = Array(raw.prefix(limits.maxMessageBytes))
            flags.insert(.truncated)
        }
        var walker = EntityWalker(bytes: bytes, limits: limits)
        walker.walk(0..<bytes.count, depth: 0)
        flags.formUnion(walker.flags)

        return MessageParser.assemble(
            headers: walker.topHeaders, plainTexts: walker.plainTexts, htmlTexts: walker.htmlTexts,
            attachments: walker.attachments, flags: flags, sizeBytes: raw.count)
    }

    /// Builds the message from what a walk found; shared by raw MIME and the providers' JSON
    /// shapes (Gmail `full`, Graph), so every source yields the same structure.
    static func assemble(
        headers: HeaderSection, plainTexts: [String], htmlTexts: [String], attachments: [AttachmentInfo],
        flags initialFlags: Set<ParseFlag>, sizeBytes: Int
    ) -> ParsedMessage {
        var flags = initialFlags
        func addresses(_ name: String) -> [MailAddress] { headers.all(name).flatMap(AddressList.parse) }
        let plain = plainTexts.joined(separator: "\n\n")
        let text = plain.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? htmlTexts.map(HTMLText.text(fromHTML:)).joined(separator: "\n\n")
            : plain
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = ReplySplitter.split(normalized)
        let subject = headers["Subject"].map { value -> String in
            let (decoded, subjectFlags) = EncodedWords.decode(value)
            flags.formUnion(subjectFlags)
            return decoded.trimmingCharacters(in: .whitespaces)
        } ?? ""

        return ParsedMessage(
            headers: headers,
            subject: subject,
            from: addresses("From"),
            sender: addresses("Sender").first,
            to: addresses("To"),
            cc: addresses("Cc"),
            bcc: addresses("Bcc"),
            replyTo: addresses("Reply-To"),
            date: headers["Date"].flatMap(MailDate.parse),
            messageID: headers["Message-ID"].flatMap { MessageParser.messageIDs($0).first },
            inReplyTo: headers["In-Reply-To"].flatMap { MessageParser.messageIDs($0).first },
            references: headers["References"].map(MessageParser.messageIDs) ?? [],
            text: normalized,
            newText: parts.newText,
            signature: parts.signature,
            quotedText: parts.quoted,
            attachments: attachments,
            flags: flags,
            sizeBytes: sizeBytes
        )
    }

    public func parse(_ data: Data) -> ParsedMessage { parse([UInt8](data)) }

    /// The `<id@host>` tokens of Message-ID, In-Reply-To or References, without brackets.
    static func messageIDs(_ raw: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            let bare = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if !bare.isEmpty, !bare.contains(" ") { ids.append(bare) }
        }
        return ids
    }
}
