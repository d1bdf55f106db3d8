import Foundation

/// Walks an RFC 2045 entity tree over the raw bytes, collecting text bodies and attachment
/// metadata. Multipart bodies are split on their boundary lines in place (no copies of the
/// raw message); depth and part count are bounded by `MIMELimits`.
struct EntityWalker {
    let bytes: [UInt8]
    let limits: MIMELimits
    var plainTexts: [String] = []
    var htmlTexts: [String] = []
    var attachments: [AttachmentInfo] = []
    var flags: Set<ParseFlag> = []
    var partCount = 0
    /// The top-level entity's header section, kept for the message headers.
    var topHeaders = HeaderSection()

    init(bytes: [UInt8], limits: MIMELimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func walk(_ range: Range<Int>, depth: Int, defaultType: String = "text/plain") {
        partCount += 1
        guard partCount <= limits.maxParts else {
            flags.insert(.tooManyParts)
            return
        }
        let (headers, bodyStart, headerFlags) = HeaderSection.parse(bytes, in: range, limits: limits)
        flags.formUnion(headerFlags)
        if depth == 0 { topHeaders = headers }
        let contentType = HeaderParameters(parsing: headers["Content-Type"] ?? defaultType)
        let mediaType = contentType.value.contains("/") ? contentType.value : defaultType
        let body = bodyStart..<max(bodyStart, range.upperBound)

        if mediaType.hasPrefix("multipart/") {
            guard depth < limits.maxDepth else {
                flags.insert(.tooDeep)
                return
            }
            guard let boundary = contentType["boundary"], !boundary.isEmpty,
                  let parts = splitMultipart(body, boundary: Array(boundary.utf8)) else {
                flags.insert(.missingBoundary)
                leaf(body, headers: headers, mediaType: "text/plain", contentType: contentType)
                return
            }
            let childDefault = mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
            for part in parts {
                walk(part, depth: depth + 1, defaultType: childDefault)
                if partCount > limits.maxParts { break }
            }
            return
        }
        leaf(body, headers: headers, mediaType: mediaType, contentType: contentType)
    }

    private mutating func leaf(_ body: Range<Int>, headers: HeaderSection, mediaType: String, contentType: HeaderParameters) {
        let disposition = HeaderParameters(parsing: headers["Content-Disposition"] ?? "")
        let filename = disposition["filename"] ?? contentType["name"]
        let decoded = decodeTransfer(body, encoding: headers["Content-Transfer-Encoding"])
        let isText = mediaType == "text/plain" || mediaType == "text/html"
        if disposition.value == "attachment" || filename != nil || !isText {
            attachments.append(AttachmentInfo(filename: filename, mimeType: mediaType, size: decoded.count))
            return
        }
        var (text, charsetFlags) = Charset.decode(decoded, label: contentType["charset"])
        flags.formUnion(charsetFlags)
        if text.count > limits.maxTextCharacters {
            text = String(text.prefix(limits.maxTextCharacters))
            flags.insert(.truncated)
        }
        if mediaType == "text/html" { htmlTexts.append(text) } else { plainTexts.append(text) }
    }

    private mutating func decodeTransfer(_ body: Range<Int>, encoding: String?) -> [UInt8] {
        let slice = bytes[body]
        switch (encoding ?? "7bit").trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64":
            let (decoded, valid) = TransferDecoding.base64(slice)
            if !valid { flags.insert(.badEncoding) }
            return decoded
        case "quoted-printable":
            let (decoded, valid) = TransferDecoding.quotedPrintable(slice)
            if !valid { flags.insert(.badEncoding) }
            return decoded
        case "7bit", "8bit", "binary", "":
            return Array(slice)
        default:
            flags.insert(.badEncoding)
            return Array(slice)
        }
    }

    /// The body ranges between `--boundary` lines, or nil when no delimiter line is present.
    /// A missing close delimiter (`--boundary--`) means the message was cut: flagged, and the
    /// last part runs to the end.
    private mutating func splitMultipart(_ body: Range<Int>, boundary: [UInt8]) -> [Range<Int>]? {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var closed = false
        var lineStart = body.lowerBound
        while lineStart < body.upperBound {
            var lineEnd = lineStart
            while lineEnd < body.upperBound, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if isDelimiter(lineStart, lineEnd, boundary) {
                // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                if let start = partStart { parts.append(start..<max(start, trimLineBreak(before: lineStart, floor: start))) }
                let afterBoundary = lineStart + 2 + boundary.count
                if afterBoundary + 1 < body.upperBound, bytes[afterBoundary] == UInt8(ascii: "-"), bytes[afterBoundary + 1] == UInt8(ascii: "-") {
                    closed = true
                    partStart = nil
                    break
                }
                partStart = min(lineEnd + 1, body.upperBound)
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < body.upperBound { parts.append(start..<body.upperBound) }
        guard !parts.isEmpty || closed else { return nil }
        if !closed { flags.insert(.truncated) }
        return parts
    }

    private func isDelimiter(_ start: Int, _ end: Int, _ boundary: [UInt8]) -> Bool {
        let needed = 2 + boundary.count
        guard end - start >= needed, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: "-") else { return false }
        for offset in 0..<boundary.count where bytes[start + 2 + offset] != boundary[offset] { return false }
        // Only "--", transport padding or CR may follow the boundary on its line.
        var index = start + needed
        if index + 1 < end, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") { index += 2 }
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return false }
            index += 1
        }
        return true
    }

    private func trimLineBreak(before index: Int, floor: Int) -> Int {
        var end = index
        if end > floor, bytes[end - 1] == 0x0A { end -= 1 }
        if end > floor, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
