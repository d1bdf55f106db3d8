import Foundation

/// The CRMs the sandbox emulates; a seeded entity says in which of them it exists.
public enum SeedCRM: String, Sendable, CaseIterable, Hashable {
    case salesforce, hubspot, pipedrive
}

/// Canonical deal stages of the seeded world. Each emulator spells them its own way
/// (Salesforce `StageName`, HubSpot `dealstage` ids, Pipedrive `stage_id` + `status`).
public enum SeedStage: String, Sendable, CaseIterable, Hashable {
    case prospecting, qualification, proposal, negotiation, closedWon, closedLost
    public var isClosed: Bool { self == .closedWon || self == .closedLost }
}

public struct SeedCompany: Sendable, Hashable {
    public var key: String
    public var name: String
    public var domain: String
    public var industry: String
    public var employees: Int
    public var city: String
    public var country: String
    public var presence: Set<SeedCRM>
}

public struct SeedContact: Sendable, Hashable {
    public var key: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var phone: String
    public var title: String
    public var companyKey: String
    public var presence: Set<SeedCRM>
    /// Small disagreements a company running two CRMs has: a CRM listed here holds this
    /// phone number instead of `phone`.
    public var phoneOverrides: [SeedCRM: String]
}

public struct SeedStageChange: Sendable, Hashable {
    public var stage: SeedStage
    public var at: Date
}

public struct SeedDeal: Sendable, Hashable {
    public var key: String
    public var name: String
    public var amount: Decimal
    public var currency: String
    public var stage: SeedStage
    public var probability: Int
    public var closeDate: String
    public var createdAt: Date
    public var modifiedAt: Date
    public var ownerEmail: String
    public var companyKey: String
    public var contactKeys: [String]
    public var history: [SeedStageChange]
    public var presence: Set<SeedCRM>
    /// A CRM listed here holds this amount instead of `amount` (a stale copy).
    public var amountOverrides: [SeedCRM: Decimal]
}

/// Everything the sandbox seeds, generated deterministically from a seed number.
public struct SeedWorld: Sendable {
    public var owners: [SeedOwner]
    public var companies: [SeedCompany]
    public var contacts: [SeedContact]
    public var deals: [SeedDeal]
}

public struct SeedOwner: Sendable, Hashable {
    public var name: String
    public var email: String
}
