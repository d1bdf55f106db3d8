/// One header field as written, unfolded, with its raw value (encoded words not yet decoded:
/// address parsing must see the structure before decoding).
public struct HeaderField: Sendable, Hashable, Codable {
    public var name: String
    public var rawValue: String

    public init(name: String, rawValue: String) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value with RFC 2047 encoded words decoded.
    public var value: String { EncodedWords.decode(rawValue).text }
}

/// The header fields of one entity, in order, looked up case-insensitively.
public struct HeaderSection: Sendable, Hashable {
    public var fields: [HeaderField] = []

    public init(fields: [HeaderField] = []) { self.fields = fields }

    /// The first field of that name's raw value.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.rawValue
    }

    /// Every value of that name (Received, Comments, duplicated To…).
    public func all(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return fields.filter { $0.name.lowercased() == lowered }.map(\.rawValue)
    }
}

extension HeaderSection {
    /// Reads the header section starting at `range.lowerBound`. Returns the fields, where the
    /// body starts (after the blank line, or `range.upperBound` if there is none) and flags.
    /// Linear in the section's length whatever the limits cut.
    static func parse(_ bytes: [UInt8], in range: Range<Int>, limits: MIMELimits)
        -> (section: HeaderSection, bodyStart: Int, flags: Set<ParseFlag>) {
        var section = HeaderSection()
        var flags: Set<ParseFlag> = []
        var kept = 0
        var lineStart = range.lowerBound
        var current: (name: String, value: [UInt8])?

        func finish() {
            guard let field = current else { return }
            section.fields.append(HeaderField(name: field.name, rawValue: decodeHeaderBytes(field.value)))
            current = nil
        }

        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = min(lineEnd + 1, range.upperBound)
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == lineStart {  // blank line: the body follows
                finish()
                return (section, next, flags)
            }
            let length = min(contentEnd - lineStart, limits.maxHeaderValueBytes)
            if kept + length > limits.maxHeaderSectionBytes {
                flags.formUnion([.truncated, .headerTooLong])
                lineStart = next
                continue  // keep scanning for the blank line so the body is still found
            }
            let keptEnd = lineStart + length
            if keptEnd < contentEnd { flags.insert(.headerTooLong) }
            kept += keptEnd - lineStart
            let first = bytes[lineStart]
            if first == 0x20 || first == 0x09 {
                if current != nil, current!.value.count < limits.maxHeaderValueBytes {
                    // Unfolding removes only the line break; the leading whitespace stays.
                    let room = limits.maxHeaderValueBytes - current!.value.count
                    current!.value.append(contentsOf: bytes[lineStart..<min(keptEnd, lineStart + room)])
                    if keptEnd - lineStart > room { flags.insert(.headerTooLong) }
                } else if current == nil {
                    flags.insert(.malformedHeader)
                }
            } else if let colon = bytes[lineStart..<keptEnd].firstIndex(of: UInt8(ascii: ":")),
                      colon > lineStart,
                      bytes[lineStart..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                finish()
                let name = String(decoding: bytes[lineStart..<colon], as: UTF8.self)
                var valueStart = colon + 1
                while valueStart < keptEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                current = (name, Array(bytes[valueStart..<keptEnd]))
            } else if section.fields.isEmpty, current == nil, bytes[lineStart..<keptEnd].starts(with: Array("From ".utf8)) {
                // mbox "From " separator line before the first field: not part of the message.
            } else {
                finish()
                flags.insert(.malformedHeader)
            }
            lineStart = next
        }
        finish()
        return (section, range.upperBound, flags)
    }

    /// RFC 6532 allows UTF-8 in headers; older mailers send Latin-1 or Windows-1252 bytes.
    private static func decodeHeaderBytes(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return Charset.windows1252.decode(bytes).text
    }
}
