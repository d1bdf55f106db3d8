import Foundation

/// The Gmail API `users.messages` resource (`format=full` or `raw`), as far as parsing needs.
public struct GmailMessage: Sendable, Decodable, Hashable {
    public var id: String
    public var threadId: String?
    public var labelIds: [String]?
    public var historyId: String?
    /// Epoch milliseconds, as a string.
    public var internalDate: String?
    public var sizeEstimate: Int?
    /// base64url of the whole RFC 822 message (`format=raw`).
    public var raw: String?
    public var payload: Part?

    public struct Header: Sendable, Decodable, Hashable {
        public var name: String
        public var value: String
    }

    public struct Body: Sendable, Decodable, Hashable {
        public var size: Int?
        /// base64url; absent for attachments fetched separately.
        public var data: String?
        public var attachmentId: String?
    }

    /// A `MessagePart`: Gmail has already split the MIME tree and undone the transfer encoding
    /// (leaving base64url of the decoded bytes), but not the charset.
    public struct Part: Sendable, Decodable, Hashable {
        public var partId: String?
        public var mimeType: String?
        public var filename: String?
        public var headers: [Header]?
        public var body: Body?
        public var parts: [Part]?
    }
}

extension MessageParser {
    /// Parses a Gmail message: the `raw` form through the MIME parser, the `full` form by
    /// walking its part tree under the same limits.
    public func parse(gmail message: GmailMessage) -> ParsedMessage {
        if let raw = message.raw {
            let (bytes, valid) = TransferDecoding.base64(Array(raw.utf8))
            var parsed = parse(bytes)
            if !valid { parsed.flags.insert(.badEncoding) }
            return parsed
        }
        guard let payload = message.payload else {
            return MessageParser.assemble(headers: HeaderSection(), plainTexts: [], htmlTexts: [], attachments: [],
                                          flags: [.truncated], sizeBytes: message.sizeEstimate ?? 0)
        }
        var walk = GmailPartWalk(limits: limits)
        walk.visit(payload, depth: 0)
        let headers = HeaderSection(fields: (payload.headers ?? []).map { HeaderField(name: $0.name, rawValue: $0.value) })
        return MessageParser.assemble(headers: headers, plainTexts: walk.plainTexts, htmlTexts: walk.htmlTexts,
                                      attachments: walk.attachments, flags: walk.flags, sizeBytes: message.sizeEstimate ?? 0)
    }
}

private struct GmailPartWalk {
    let limits: MIMELimits
    var plainTexts: [String] = []
    var htmlTexts: [String] = []
    var attachments: [AttachmentInfo] = []
    var flags: Set<ParseFlag> = []
    var count = 0

    init(limits: MIMELimits) { self.limits = limits }

    mutating func visit(_ part: GmailMessage.Part, depth: Int) {
        count += 1
        guard count <= limits.maxParts else { flags.insert(.tooManyParts); return }
        let mimeType = (part.mimeType ?? "text/plain").lowercased()
        if mimeType.hasPrefix("multipart/") {
            guard depth < limits.maxDepth else { flags.insert(.tooDeep); return }
            for child in part.parts ?? [] { visit(child, depth: depth + 1) }
            return
        }
        let headers = HeaderSection(fields: (part.headers ?? []).map { HeaderField(name: $0.name, rawValue: $0.value) })
        let filename = part.filename.flatMap { $0.isEmpty ? nil : $0 }
        let isText = mimeType == "text/plain" || mimeType == "text/html"
        let disposition = HeaderParameters(parsing: headers["Content-Disposition"] ?? "")
        if filename != nil || !isText || disposition.value == "attachment" || part.body?.attachmentId != nil {
            attachments.append(AttachmentInfo(filename: filename, mimeType: mimeType, size: part.body?.size ?? 0))
            return
        }
        let (bytes, valid) = TransferDecoding.base64(Array((part.body?.data ?? "").utf8))
        if !valid { flags.insert(.badEncoding) }
        let charset = HeaderParameters(parsing: headers["Content-Type"] ?? "")["charset"]
        var (text, charsetFlags) = Charset.decode(bytes, label: charset)
        flags.formUnion(charsetFlags)
        if text.count > limits.maxTextCharacters {
            text = String(text.prefix(limits.maxTextCharacters))
            flags.insert(.truncated)
        }
        if mimeType == "text/html" { htmlTexts.append(text) } else { plainTexts.append(text) }
    }
}
