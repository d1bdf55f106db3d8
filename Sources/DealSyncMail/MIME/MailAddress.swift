import Foundation

/// One mailbox from an address header: `"Ann Lee" <ann@acme.example>`.
public struct MailAddress: Sendable, Hashable, Codable {
    /// The display name, encoded words decoded, quotes and comments removed; nil if absent.
    public var name: String?
    /// `local@domain`, domain lowercased (local parts are case-sensitive in principle).
    public var address: String
    /// The RFC 5322 group the mailbox was listed in (`Team: a@x, b@x;`), if any.
    public var group: String?

    public init(name: String?, address: String, group: String? = nil) {
        self.name = name
        self.address = address
        self.group = group
    }

    /// The part after `@`, lowercased.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...]).lowercased()
    }
}

/// Parses RFC 5322 address lists: mailboxes with or without display names, quoted names with
/// commas, comments, groups (including empty ones like `undisclosed-recipients:;`).
public enum AddressList {
    public static func parse(_ raw: String) -> [MailAddress] {
        var result: [MailAddress] = []
        var group: String?
        var current = ""
        var inQuotes = false
        var angleDepth = 0
        var commentDepth = 0
        var escaped = false

        func flush() {
            if let mailbox = parseMailbox(current, group: group) { result.append(mailbox) }
            current = ""
        }

        for character in raw {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\", inQuotes || commentDepth > 0 { escaped = true; current.append(character); continue }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                current.append(character)
                continue
            }
            switch character {
            case "\"" where commentDepth == 0: inQuotes = true; current.append(character)
            case "(": commentDepth += 1; current.append(character)
            case ")" where commentDepth > 0: commentDepth -= 1; current.append(character)
            case "<" where commentDepth == 0: angleDepth += 1; current.append(character)
            case ">" where commentDepth == 0 && angleDepth > 0: angleDepth -= 1; current.append(character)
            case "," where commentDepth == 0 && angleDepth == 0: flush()
            case ":" where commentDepth == 0 && angleDepth == 0 && group == nil:
                group = cleanName(current)
                current = ""
            case ";" where commentDepth == 0 && angleDepth == 0 && group != nil:
                flush()
                group = nil
            default: current.append(character)
            }
        }
        flush()
        return result
    }

    private static func parseMailbox(_ text: String, group: String?) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
            let address = normalizeAddress(String(trimmed[trimmed.index(after: open)..<close]))
            guard let address else { return nil }
            let name = cleanName(String(trimmed[..<open]))
            return MailAddress(name: name, address: address, group: group)
        }
        // Bare address, maybe with a trailing comment holding the name: a@b (Ann Lee).
        var comment: String?
        var bare = trimmed
        if let open = trimmed.firstIndex(of: "("), let close = trimmed.lastIndex(of: ")"), open < close {
            comment = String(trimmed[trimmed.index(after: open)..<close])
            bare = String(trimmed[..<open]) + String(trimmed[trimmed.index(after: close)...])
        }
        guard let address = normalizeAddress(bare) else { return nil }
        return MailAddress(name: comment.flatMap(cleanName), address: address, group: group)
    }

    /// Strips route syntax and whitespace; lowercases the domain; nil unless `local@domain`.
    static func normalizeAddress(_ text: String) -> String? {
        var address = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let colon = address.lastIndex(of: ":"), address.hasPrefix("@") {  // obsolete route @a,@b:x@y
            address = String(address[address.index(after: colon)...])
        }
        address = address.replacingOccurrences(of: " ", with: "")
        guard let at = address.lastIndex(of: "@"), at > address.startIndex else { return nil }
        let domain = address[address.index(after: at)...]
        guard !domain.isEmpty, !domain.contains("@") || address.hasPrefix("\"") else { return nil }
        return String(address[..<at]) + "@" + domain.lowercased()
    }

    /// A display name with comments removed, quotes stripped, encoded words decoded.
    static func cleanName(_ text: String) -> String? {
        var withoutComments = ""
        var depth = 0
        var inQuotes = false
        for character in text {
            if character == "\"" && depth == 0 { inQuotes.toggle() }
            if !inQuotes, character == "(" { depth += 1; continue }
            if !inQuotes, character == ")", depth > 0 { depth -= 1; continue }
            if depth == 0 { withoutComments.append(character) }
        }
        var name = withoutComments.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
            name = String(name.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        // Mailers often quote encoded words even though RFC 2047 forbids it; decode anyway.
        name = EncodedWords.decode(name).text.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }
}
