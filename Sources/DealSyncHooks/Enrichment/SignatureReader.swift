import Foundation

/// Title and phone from a signature block. Signatures are short and loosely formatted; this
/// reads the common shapes (name line, title line or "Title | Company", phone with a label
/// or in international format).
public struct SignatureDetails: Sendable, Hashable, Codable {
    public var title: String?
    public var phone: String?

    public init(title: String? = nil, phone: String? = nil) {
        self.title = title
        self.phone = phone
    }
}

public enum SignatureReader {
    public static func read(_ signature: String, name: String?) -> SignatureDetails {
        var details = SignatureDetails()
        let lines = signature.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for line in lines {
            if details.phone == nil, let phone = phone(in: line) { details.phone = phone; continue }
            if details.title == nil, let title = title(in: line, name: name) { details.title = title }
        }
        return details
    }

    /// A phone number: 7 to 15 digits, with the usual separators, optionally after a label.
    static func phone(in line: String) -> String? {
        guard let range = line.range(of: #"\+?\(?\d[\d\s().\-]{6,}\d"#, options: .regularExpression) else { return nil }
        let candidate = String(line[range])
        let digits = candidate.filter(\.isNumber).count
        guard (7...15).contains(digits) else { return nil }
        return candidate.trimmingCharacters(in: .whitespaces)
    }

    private static let titleWords = [
        "ceo", "cfo", "cto", "coo", "cmo", "cio", "cro", "ciso", "chief", "founder", "president", "owner", "partner",
        "vp", "svp", "evp", "vice president", "head of", "director", "manager", "lead", "engineer", "analyst",
        "specialist", "coordinator", "associate", "representative", "consultant", "executive", "officer",
        "administrator", "architect", "developer", "designer", "buyer", "account", "sales", "procurement",
        "counsel", "controller", "supervisor", "assistant", "intern", "recruiter", "advisor", "scientist",
    ]

    private static let departments = [
        "finance", "operations", "marketing", "engineering", "revenue", "legal", "it", "hr", "people", "product",
        "emea", "americas", "apac", "north america", "europe", "strategy", "partnerships", "customer", "security", "data",
    ]

    private static func hasTitleWord(_ text: String) -> Bool { containsWord(text, from: titleWords) }

    /// True when one of `words` (or phrases) occurs in `text` as whole words.
    private static func containsWord(_ text: String, from words: [String]) -> Bool {
        let padded = " " + text.lowercased().map { $0.isLetter ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
        return words.contains { padded.contains(" " + $0 + " ") }
    }

    /// A line naming a role: it holds a title word, is short, and is not the name, an
    /// address, a URL or a sign-off.
    static func title(in line: String, name: String?) -> String? {
        let lower = line.lowercased()
        guard line.count <= 80, !lower.contains("@"), !lower.contains("http"), !lower.contains("www.") else { return nil }
        if let name, lower == name.lowercased() { return nil }
        guard hasTitleWord(line) else { return nil }
        // "Director of Procurement | Contoso": the part before a bar or bullet is the title.
        if let cut = line.firstIndex(where: { $0 == "|" || $0 == "•" || $0 == "·" }) {
            let head = line[..<cut].trimmingCharacters(in: .whitespaces)
            if hasTitleWord(head) { return head }
        }
        // A comma may separate title and company ("VP of Sales, Northwind") or title and
        // department ("Vice President, Procurement"); only the company is cut off.
        if let comma = line.lastIndex(of: ",") {
            let head = line[..<comma].trimmingCharacters(in: .whitespaces)
            let tail = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            if hasTitleWord(head), !hasTitleWord(tail), !containsWord(tail, from: departments) { return head }
        }
        return line
    }
}
