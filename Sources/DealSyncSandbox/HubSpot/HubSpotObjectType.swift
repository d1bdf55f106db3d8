/// The CRM object types the emulator serves, with the several spellings HubSpot accepts in
/// paths (`deals`, `deal`, `0-3`). `emails` is the email engagement (activity) object.
enum HubSpotObjectType: String, Sendable, CaseIterable, Hashable {
    case deals, contacts, companies, emails

    init?(path: String) {
        switch path.lowercased() {
        case "deals", "deal", "0-3": self = .deals
        case "contacts", "contact", "0-1": self = .contacts
        case "companies", "company", "0-2": self = .companies
        case "emails", "email", "0-49": self = .emails
        default: return nil
        }
    }

    var typeId: String {
        switch self {
        case .deals: "0-3"
        case .contacts: "0-1"
        case .companies: "0-2"
        case .emails: "0-49"
        }
    }

    var singular: String {
        switch self {
        case .deals: "deal"
        case .contacts: "contact"
        case .companies: "company"
        case .emails: "email"
        }
    }

    /// Contacts keep the older name; deals and companies use the `hs_` one.
    var lastModifiedProperty: String { self == .contacts ? "lastmodifieddate" : "hs_lastmodifieddate" }

    /// What a read returns when the caller names no properties.
    var defaultProperties: [String] {
        switch self {
        case .deals: ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate", "hs_lastmodifieddate", "hs_object_id"]
        case .contacts: ["firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id"]
        case .companies: ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"]
        case .emails: ["hs_timestamp", "hs_email_subject", "hs_email_direction", "createdate", "hs_lastmodifieddate", "hs_object_id"]
        }
    }

    /// Properties the free-text `query` of a search looks in.
    var searchableProperties: [String] {
        switch self {
        case .deals: ["dealname"]
        case .contacts: ["firstname", "lastname", "email", "phone", "company"]
        case .companies: ["name", "domain", "website", "phone"]
        case .emails: ["hs_email_subject", "hs_email_text"]
        }
    }

    /// First id handed out; distinct ranges make a deal id used as a contact id fail loudly.
    var firstId: Int {
        switch self {
        case .deals: 5_000_000_001
        case .contacts: 1_000_000_001
        case .companies: 3_000_000_001
        case .emails: 7_000_000_001
        }
    }

    /// The `deal.propertyChange` style prefix of webhook subscription types.
    var eventPrefix: String { singular }

    /// App webhook subscriptions cover deals, contacts and companies; engagements send none.
    var sendsWebhooks: Bool { self != .emails }
}
