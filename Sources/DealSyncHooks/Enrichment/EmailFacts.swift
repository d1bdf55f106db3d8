import Foundation

/// What enrichment needs from one parsed message, as plain values: the hooks target does not
/// import the mail parser, so the daemon (or `dealsyncd enrich`) fills this from a
/// `ParsedMessage`.
public struct EmailFacts: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable { case from, to, cc, bcc, replyTo = "reply_to" }

    public struct Participant: Sendable, Hashable, Codable {
        public var name: String?
        public var address: String
        public var role: Role

        public init(name: String?, address: String, role: Role) {
            self.name = name
            self.address = address
            self.role = role
        }
    }

    public var participants: [Participant]
    public var subject: String
    /// What the sender wrote in this message: no quoted history, no signature.
    public var newText: String
    /// The sender's signature block, where title and phone are found.
    public var signature: String
    /// Raw header text of the address fields, for the pattern fallback when structured
    /// participants are missing (a header the parser could not read).
    public var rawAddressText: String
    public var sentAt: Date?

    public init(
        participants: [Participant], subject: String = "", newText: String, signature: String = "",
        rawAddressText: String = "", sentAt: Date? = nil
    ) {
        self.participants = participants
        self.subject = subject
        self.newText = newText
        self.signature = signature
        self.rawAddressText = rawAddressText
        self.sentAt = sentAt
    }
}

/// Settings for enrichment, with defaults an operator would expect.
public struct EnrichmentConfig: Sendable, Hashable {
    /// Domains that say nothing about the sender's company.
    public var freeMailDomains: Set<String>
    /// The org's own domains: their people are colleagues, not customer contacts.
    public var internalDomains: Set<String>
    /// Competitor names to look for, as written ("Salesforce", "Acme Cloud").
    public var competitors: [String]

    public init(freeMailDomains: Set<String> = EnrichmentConfig.defaultFreeMailDomains, internalDomains: Set<String> = [], competitors: [String] = []) {
        self.freeMailDomains = freeMailDomains
        self.internalDomains = internalDomains
        self.competitors = competitors
    }

    public static let defaultFreeMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
        "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
        "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "fastmail.com", "tutanota.com",
        "hey.com", "orange.fr", "free.fr", "t-online.de", "comcast.net", "verizon.net", "att.net",
    ]
}
