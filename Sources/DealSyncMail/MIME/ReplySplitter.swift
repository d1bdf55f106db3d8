import Foundation

/// A message's text split into what the sender just wrote, their signature, and the quoted
/// history below it. Enrichment reads only `newText`, so a reply's sentiment is not the
/// sentiment of the thread it quotes.
public struct ReplyParts: Sendable, Hashable, Codable {
    public var newText: String
    public var signature: String
    public var quoted: String

    public init(newText: String, signature: String, quoted: String) {
        self.newText = newText
        self.signature = signature
        self.quoted = quoted
    }
}

/// Finds the quoted history (attribution lines like "On … wrote:", `>` lines, Outlook
/// "From: … Sent: …" blocks, forwarded-message separators) and the signature ("-- " or a
/// sign-off such as "Best regards,").
public enum ReplySplitter {
    public static func split(_ text: String) -> ReplyParts {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        var fresh: [String] = []
        var quoted: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if startsHistory(lines, at: index) {
                quoted.append(contentsOf: lines[index...])
                break
            }
            if trimmed.hasPrefix(">") {
                quoted.append(line)
            } else {
                // Text between quoted blocks is an inline reply: still new text.
                fresh.append(line)
            }
            index += 1
        }
        let (body, signature) = splitSignature(fresh)
        return ReplyParts(newText: trimBlankLines(body), signature: trimBlankLines(signature), quoted: trimBlankLines(quoted))
    }

    /// True when the line at `index` starts the quoted history that runs to the end.
    static func startsHistory(_ lines: [String], at index: Int) -> Bool {
        let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower.isEmpty { return false }
        if lower.hasPrefix("-----original message") || lower.hasPrefix("----- original message")
            || lower.contains("forwarded message ----") || lower.hasPrefix("begin forwarded message") {
            return true
        }
        // "On Mon, 3 Jun 2024 at 10:00, Ann <ann@x> wrote:" — sometimes wrapped onto two lines.
        let attributionStarts = ["on ", "le ", "am ", "el ", "op ", "il "]
        let attributionEnds = ["wrote:", "a écrit :", "a écrit:", "schrieb:", "escribió:", "schreef:", "ha scritto:"]
        if attributionStarts.contains(where: lower.hasPrefix) {
            if attributionEnds.contains(where: lower.hasSuffix) { return true }
            if index + 1 < lines.count {
                let joined = lower + " " + lines[index + 1].trimmingCharacters(in: .whitespaces).lowercased()
                if attributionEnds.contains(where: joined.hasSuffix), trimmed.count < 200 { return true }
            }
        }
        // Outlook: "From: …" followed within a few lines by "Sent:" or "Date:" (maybe after a rule).
        let isRule = trimmed.count >= 10 && trimmed.allSatisfy { $0 == "_" || $0 == "-" }
        let headerStart = isRule ? index + 1 : index
        if headerStart < lines.count {
            let first = lines[headerStart].trimmingCharacters(in: .whitespaces).lowercased()
            if first.hasPrefix("from:") || first.hasPrefix("*from:*") {
                let window = lines[(headerStart + 1)..<min(lines.count, headerStart + 5)]
                if window.contains(where: {
                    let next = $0.trimmingCharacters(in: .whitespaces).lowercased()
                    return next.hasPrefix("sent:") || next.hasPrefix("date:") || next.hasPrefix("*sent:*")
                }) {
                    return true
                }
            }
        }
        return false
    }

    private static let signOffs: Set<String> = [
        "best", "best regards", "regards", "kind regards", "warm regards", "warmest regards", "many thanks",
        "thanks", "thank you", "thanks again", "thanks so much", "cheers", "sincerely", "yours sincerely",
        "all the best", "best wishes", "talk soon", "thx", "br", "rgds", "respectfully", "take care",
        "with thanks", "looking forward", "speak soon", "yours", "cordially", "many thanks in advance",
    ]

    /// The signature starts at a "-- " line, or at a bare sign-off among the last lines, or at
    /// a mobile footer ("Sent from my iPhone").
    static func splitSignature(_ lines: [String]) -> (body: [String], signature: [String]) {
        if let dashes = lines.lastIndex(where: { $0 == "-- " || $0 == "--" }) {
            return (Array(lines[..<dashes]), Array(lines[(dashes + 1)...]))
        }
        let contentIndices = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        let searchFrom = contentIndices.suffix(8).first ?? 0
        for index in lines.indices where index >= searchFrom {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            let words = trimmed.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.!-–— "))
            // A sign-off is followed by a name; "Thanks!" as the last line is part of the text.
            let followedByName = contentIndices.contains { $0 > index }
            if signOffs.contains(words), trimmed.count <= 30, followedByName {
                return (Array(lines[..<index]), Array(lines[index...]))
            }
            if trimmed.lowercased().hasPrefix("sent from my ") || trimmed.lowercased().hasPrefix("get outlook for ") {
                return (Array(lines[..<index]), Array(lines[index...]))
            }
        }
        return (lines, [])
    }

    private static func trimBlankLines<S: Sequence>(_ lines: S) -> String where S.Element == String {
        var array = Array(lines)
        while let first = array.first, first.trimmingCharacters(in: .whitespaces).isEmpty { array.removeFirst() }
        while let last = array.last, last.trimmingCharacters(in: .whitespaces).isEmpty { array.removeLast() }
        return array.joined(separator: "\n")
    }
}
