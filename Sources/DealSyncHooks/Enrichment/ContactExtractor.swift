import Foundation

/// A person the message involves, as a contact to match or create by email.
public struct EnrichedContact: Sendable, Hashable, Codable {
    public var email: String
    public var name: String?
    public var role: EmailFacts.Role
    /// The company domain, nil for free-mail addresses.
    public var companyDomain: String?
    public var title: String?
    public var phone: String?
    public var seniority: Seniority
    /// True for the org's own people (internal domains).
    public var isInternal: Bool

    enum CodingKeys: String, CodingKey {
        case email, name, role, title, phone, seniority
        case companyDomain = "company_domain"
        case isInternal = "internal"
    }
}

/// Participants to contacts; the sender's signature gives their title and phone.
public enum ContactExtractor {
    public static func contacts(from facts: EmailFacts, config: EnrichmentConfig) -> (contacts: [EnrichedContact], usedFallback: Bool) {
        var participants = facts.participants.filter { isPlausibleAddress($0.address) }
        var usedFallback = false
        if participants.isEmpty {
            // The headers could not be read as address lists: take addresses by pattern.
            participants = addresses(in: facts.rawAddressText + "\n" + facts.signature).map {
                EmailFacts.Participant(name: nil, address: $0, role: .to)
            }
            usedFallback = true
        }
        let sender = participants.first { $0.role == .from }
        let details = SignatureReader.read(facts.signature, name: sender?.name)
        var seen: Set<String> = []
        var result: [EnrichedContact] = []
        for participant in participants {
            let email = participant.address.lowercased()
            guard seen.insert(email).inserted else { continue }
            let domain = domain(of: email)
            let isSender = participant.role == .from
            let title = isSender ? details.title : nil
            result.append(EnrichedContact(
                email: email,
                name: participant.name,
                role: participant.role,
                companyDomain: config.freeMailDomains.contains(domain) || domain.isEmpty ? nil : domain,
                title: title,
                phone: isSender ? details.phone : nil,
                seniority: Seniority(title: title),
                isInternal: config.internalDomains.contains(domain)
            ))
        }
        return (result, usedFallback)
    }

    /// Company domains of external contacts, once each, in order of appearance.
    public static func companyDomains(_ contacts: [EnrichedContact]) -> [String] {
        var seen: Set<String> = []
        return contacts.filter { !$0.isInternal }.compactMap(\.companyDomain).filter { seen.insert($0).inserted }
    }

    static func domain(of email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "" }
        return String(email[email.index(after: at)...]).lowercased()
    }

    static func isPlausibleAddress(_ address: String) -> Bool {
        address.range(of: #"^[^@\s<>]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"#, options: .regularExpression) != nil
    }

    /// Email addresses anywhere in `text`, in order, once each.
    public static func addresses(in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#) else { return [] }
        var seen: Set<String> = []
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]).lowercased() }
        }.filter { seen.insert($0).inserted }
    }
}

/// Configured competitor names found in the text, matched as whole words, case-insensitively.
public enum CompetitorMatcher {
    public static func mentions(in text: String, competitors: [String]) -> [String] {
        competitors.filter { name in
            let escaped = NSRegularExpression.escapedPattern(for: name)
            return text.range(of: #"(?<![A-Za-z0-9])"# + escaped + #"(?![A-Za-z0-9])"#, options: [.regularExpression, .caseInsensitive]) != nil
        }
    }
}
