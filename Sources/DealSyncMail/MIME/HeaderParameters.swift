import Foundation

/// A structured header value `token; name=value; name="quoted value"` as used by
/// Content-Type and Content-Disposition (RFC 2045 §5.1, RFC 2183), with RFC 2231 extended
/// parameters (`filename*=utf-8''na%C3%AFve.pdf`, continuations `name*0`, `name*1`).
public struct HeaderParameters: Sendable, Hashable {
    /// The leading token, lowercased: `multipart/mixed`, `attachment`.
    public var value: String
    /// Parameter names lowercased; values unquoted and decoded.
    public var parameters: [String: String]

    public init(parsing raw: String) {
        var pieces = HeaderParameters.splitOutsideQuotes(raw)
        value = pieces.isEmpty ? "" : pieces.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, text: String, encoded: Bool)]] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard name.contains("*") else {
                plain[name] = EncodedWords.decode(text).text
                continue
            }
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            var index = 0
            if let star = name.firstIndex(of: "*") {
                index = Int(name[name.index(after: star)...]) ?? 0
                name = String(name[..<star])
            }
            extended[name, default: []].append((index, text, encoded))
        }
        for (name, segments) in extended {
            plain[name] = HeaderParameters.joinExtended(segments.sorted { $0.index < $1.index })
        }
        parameters = plain
    }

    public subscript(name: String) -> String? { parameters[name] }

    private static func joinExtended(_ segments: [(index: Int, text: String, encoded: Bool)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, segment) in segments.enumerated() {
            var text = Substring(segment.text)
            if position == 0, segment.encoded {
                let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3 {
                    charset = String(parts[0])
                    text = parts[2]
                }
            }
            if segment.encoded {
                bytes += percentDecoded(text)
            } else {
                bytes += Array(text.utf8)
            }
        }
        return Charset.decode(bytes, label: charset).text
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = TransferDecoding.hexValue(utf8[index + 1]), let low = TransferDecoding.hexValue(utf8[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(utf8[index])
                index += 1
            }
        }
        return output
    }

    private static func splitOutsideQuotes(_ raw: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in raw {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuotes: escaped = true; current.append(character)
            case "\"": inQuotes.toggle(); current.append(character)
            case ";" where !inQuotes: pieces.append(current); current = ""
            default: current.append(character)
            }
        }
        pieces.append(current)
        return pieces.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty || pieces.first == $0 }
    }
}
