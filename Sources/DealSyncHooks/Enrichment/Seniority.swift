/// How senior a contact is, from their title: a scoring feature (DESIGN §6).
public enum Seniority: String, Sendable, Hashable, Codable, CaseIterable {
    case cLevel = "c_level"
    case vpPlus = "vp_plus"
    case manager
    case ic
    case unknown

    /// Classifies a job title. Checked from most to least senior so "Vice President of
    /// Engineering Management" is VP, not manager.
    public init(title: String?) {
        guard let title, !title.isEmpty else {
            self = .unknown
            return
        }
        let words = Seniority.words(title)
        let text = " " + words.joined(separator: " ") + " "
        func has(_ phrases: [String]) -> Bool { phrases.contains { text.contains(" " + $0 + " ") } }
        if has(["ceo", "cfo", "cto", "coo", "cmo", "cio", "cro", "cso", "ciso", "cpo", "chief", "founder", "co founder",
                "cofounder", "owner", "president", "managing director", "general partner", "managing partner", "chairman", "chairwoman"])
            && !has(["vice president", "vp", "assistant to", "executive assistant"]) {
            self = .cLevel
        } else if has(["vp", "svp", "evp", "avp", "vice president", "head", "director", "gm", "general manager"]) {
            self = .vpPlus
        } else if has(["manager", "mgr", "lead", "supervisor", "team lead", "principal", "controller"]) {
            self = .manager
        } else {
            self = .ic
        }
    }

    private static func words(_ title: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
