import Foundation

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header values.
public enum EncodedWords {
    /// Decodes every encoded word in `value`. Whitespace between two adjacent encoded words is
    /// dropped (RFC 2047 §6.2); a word that cannot be decoded is kept as written.
    public static func decode(_ value: String) -> (text: String, flags: Set<ParseFlag>) {
        guard value.contains("=?") else { return (value, []) }
        var flags: Set<ParseFlag> = []
        var result = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            guard let start = rest.range(of: "=?") else {
                result += pendingSpace + rest
                pendingSpace = ""
                break
            }
            let before = rest[rest.startIndex..<start.lowerBound]
            if let (word, end) = parseWord(rest[start.lowerBound...]) {
                let onlySpace = before.allSatisfy { $0 == " " || $0 == "\t" }
                if !(previousWasEncoded && onlySpace) { result += before }
                switch decodeWord(word) {
                case .some(let (text, wordFlags)):
                    result += text
                    flags.formUnion(wordFlags)
                case .none:
                    result += rest[start.lowerBound..<end]
                    flags.insert(.badEncoding)
                }
                previousWasEncoded = true
                rest = rest[end...]
            } else {
                result += before + "=?"
                previousWasEncoded = false
                rest = rest[start.upperBound...]
            }
        }
        return (result, flags)
    }

    private struct Word {
        var charset: Substring
        var encoding: Character
        var text: Substring
    }

    /// Splits `=?charset?E?text?=` at the front of `input`; returns nil when it is not one.
    private static func parseWord(_ input: Substring) -> (Word, Substring.Index)? {
        let body = input.dropFirst(2)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[body.startIndex..<q1]
        guard !charset.isEmpty, !charset.contains(" ") else { return nil }
        let afterCharset = body[body.index(after: q1)...]
        guard afterCharset.count >= 2, let encoding = afterCharset.first,
              afterCharset[afterCharset.index(after: afterCharset.startIndex)] == "?" else { return nil }
        let textStart = afterCharset.index(afterCharset.startIndex, offsetBy: 2)
        guard let close = input[textStart...].range(of: "?=") else { return nil }
        let text = input[textStart..<close.lowerBound]
        guard !text.contains(" ") else { return nil }
        return (Word(charset: charset, encoding: encoding, text: text), close.upperBound)
    }

    private static func decodeWord(_ word: Word) -> (String, Set<ParseFlag>)? {
        // RFC 2231 §5 lets a language follow the charset: "utf-8*en".
        let label = String(word.charset.split(separator: "*").first ?? word.charset)
        let bytes: [UInt8]
        var flags: Set<ParseFlag> = []
        switch word.encoding {
        case "B", "b":
            let decoded = TransferDecoding.base64(word.text.utf8)
            if !decoded.valid { flags.insert(.badEncoding) }
            bytes = decoded.bytes
        case "Q", "q":
            let decoded = TransferDecoding.quotedPrintable(word.text.utf8, underscoreIsSpace: true)
            if !decoded.valid { flags.insert(.badEncoding) }
            bytes = decoded.bytes
        default:
            return nil
        }
        let (text, charsetFlags) = Charset.decode(bytes, label: label)
        return (text, flags.union(charsetFlags))
    }
}
