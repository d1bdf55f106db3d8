import Foundation

/// The org's users: who the integration user is (every API write is made as it) and which
/// sales reps own records and make the simulated human edits.
struct SalesforceDirectory: Sendable {
    var orgId: String
    var integrationUser: String
    var usersByEmail: [String: String]
    var reps: [String]
}

/// Loads the part of the seeded world that lives in Salesforce (entities whose `presence`
/// contains `.salesforce`, with their Salesforce-side overrides) as pre-existing customer data:
/// records carry their seeded creation and modification stamps and no `DealSync_Id__c` yet.
extension SalesforceStore {
    mutating func seed(_ world: SeedWorld) -> SalesforceDirectory {
        let base = world.deals.map { SalesforceTime.millis($0.createdAt) }.min()
            ?? SalesforceTime.parseDateTime("2024-01-01T00:00:00Z")!
        let integration = seedUser(first: "DealSync", last: "Integration", email: "integration@dealsync.invalid", at: base)
        var users: [String: String] = [:]
        for owner in world.owners {
            let parts = owner.name.split(separator: " ", maxSplits: 1).map(String.init)
            users[owner.email] = seedUser(first: parts.first ?? "", last: parts.count > 1 ? parts[1] : owner.name,
                                          email: owner.email, at: base)
        }
        let reps = world.owners.compactMap { users[$0.email] }
        let defaultOwner = reps.first ?? integration

        for (i, stage) in SalesforceSchema.stages.enumerated() {
            insert(SalesforceSchema.opportunityStage, [
                "MasterLabel": .string(stage.name), "ApiName": .string(stage.name), "IsActive": true,
                "IsClosed": .bool(stage.isClosed), "IsWon": .bool(stage.isWon), "DefaultProbability": .number(stage.probability),
                "ForecastCategoryName": .string(stage.forecastCategory), "SortOrder": .number(Double(i + 1)),
            ], by: integration, created: base, modified: base)
        }

        var accounts: [String: (id: String, city: String, country: String)] = [:]
        for c in world.companies where c.presence.contains(.salesforce) {
            let id = insert(SalesforceSchema.account, [
                "Name": .string(c.name), "Website": .string("https://www.\(c.domain)"), "Industry": .string(c.industry),
                "NumberOfEmployees": .number(Double(c.employees)), "BillingCity": .string(c.city),
                "BillingCountry": .string(c.country), "Type": "Customer - Direct", "OwnerId": .string(defaultOwner),
            ], by: defaultOwner, created: base, modified: base)
            accounts[c.key] = (id, c.city, c.country)
        }
        var contacts: [String: String] = [:]
        for p in world.contacts where p.presence.contains(.salesforce) {
            let account = accounts[p.companyKey]
            contacts[p.key] = insert(SalesforceSchema.contact, [
                "FirstName": .string(p.firstName), "LastName": .string(p.lastName), "Email": .string(p.email),
                "Phone": .string(p.phoneOverrides[.salesforce] ?? p.phone), "Title": .string(p.title),
                "AccountId": account.map { .string($0.id) } ?? .null, "MailingCity": account.map { .string($0.city) } ?? .null,
                "MailingCountry": account.map { .string($0.country) } ?? .null, "OwnerId": .string(defaultOwner),
            ], by: defaultOwner, created: base, modified: base)
        }
        for d in world.deals where d.presence.contains(.salesforce) {
            let owner = users[d.ownerEmail] ?? defaultOwner
            let stage = SalesforceSchema.stage(named: Self.stageName(d.stage))!
            let amount = NSDecimalNumber(decimal: d.amountOverrides[.salesforce] ?? d.amount).doubleValue
            let created = SalesforceTime.millis(d.createdAt)
            let modified = max(created, SalesforceTime.millis(d.modifiedAt))
            let opp = insert(SalesforceSchema.opportunity, [
                "Name": .string(d.name), "AccountId": accounts[d.companyKey].map { .string($0.id) } ?? .null,
                "StageName": .string(stage.name), "Amount": .number(amount), "CurrencyIsoCode": .string(d.currency),
                "Probability": .number(Double(d.probability)), "CloseDate": .string(d.closeDate),
                "ExpectedRevenue": .number((amount * Double(d.probability)).rounded() / 100),
                "IsClosed": .bool(stage.isClosed), "IsWon": .bool(stage.isWon),
                "ForecastCategoryName": .string(stage.forecastCategory),
                "Type": d.history.count > 3 ? "Existing Customer - Upgrade" : "New Customer",
                "LeadSource": .string(["Web", "Phone Inquiry", "Partner Referral", "Other"][abs(d.key.hashValueStable) % 4]),
                "OwnerId": .string(owner),
            ], by: owner, created: created, modified: modified)
            let who = d.contactKeys.lazy.compactMap { contacts[$0] }.first
            insert(SalesforceSchema.task, [
                "Subject": .string("Call: \(d.name)"), "ActivityDate": .string(d.closeDate),
                "Status": .string(d.stage.isClosed ? "Completed" : "Not Started"), "Priority": "Normal",
                "IsClosed": .bool(d.stage.isClosed), "TaskSubtype": "Call", "WhatId": .string(opp),
                "WhoId": who.map { .string($0) } ?? .null, "OwnerId": .string(owner),
            ], by: owner, created: created, modified: modified)
        }
        return SalesforceDirectory(orgId: SalesforceID.make(prefix: "00D", serial: 1), integrationUser: integration,
                                   usersByEmail: users, reps: reps)
    }

    static func stageName(_ stage: SeedStage) -> String {
        switch stage {
        case .prospecting: "Prospecting"
        case .qualification: "Qualification"
        case .proposal: "Proposal/Price Quote"
        case .negotiation: "Negotiation/Review"
        case .closedWon: "Closed Won"
        case .closedLost: "Closed Lost"
        }
    }

    private mutating func seedUser(first: String, last: String, email: String, at: Int64) -> String {
        let id = nextId(for: SalesforceSchema.user)
        insert(SalesforceSchema.user, [
            "FirstName": .string(first), "LastName": .string(last), "Name": .string("\(first) \(last)"),
            "Email": .string(email), "Username": .string(email), "IsActive": true,
        ], by: id, created: at, modified: at, id: id)
        return id
    }

    @discardableResult
    private mutating func insert(_ object: SObjectSchema, _ values: [String: JSONValue], by user: String,
                                 created: Int64, modified: Int64, id: String? = nil) -> String {
        let id = id ?? nextId(for: object)
        var fields = values
        let createdAt = SalesforceTime.truncatedToSecond(created)
        let modifiedAt = SalesforceTime.truncatedToSecond(modified)
        for f in object.fields where fields[f.name] == nil { fields[f.name] = f.type == .boolean ? .bool(false) : .null }
        fields["Id"] = .string(id)
        fields["CreatedDate"] = .string(SalesforceTime.format(createdAt))
        fields["CreatedById"] = .string(user)
        fields["LastModifiedDate"] = .string(SalesforceTime.format(modifiedAt))
        fields["LastModifiedById"] = .string(user)
        fields["SystemModstamp"] = .string(SalesforceTime.format(modifiedAt))
        if object.field("OwnerId") != nil, fields["OwnerId"] == .null { fields["OwnerId"] = .string(user) }
        put(SFRecord(type: object.name, id: id, fields: fields, modstamp: modifiedAt))
        return id
    }
}

private extension String {
    /// A hash stable across runs (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int { utf8.reduce(5381) { ($0 &* 33 &+ Int($1)) & 0x7fff_ffff } }
}
