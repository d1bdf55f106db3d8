import Foundation

/// The sObjects the emulator serves, with the standard fields a sync client reads and the
/// custom fields DealSync uses (DESIGN §4, §6), as the customer's admin would have created them.
enum SalesforceSchema {
    /// A stage of the standard Opportunity sales process: its default probability and the
    /// forecast category and closed/won flags the platform derives from it.
    struct Stage: Sendable {
        var name: String
        var probability: Double
        var forecastCategory: String
        var isClosed: Bool
        var isWon: Bool
    }

    static let stages: [Stage] = [
        Stage(name: "Prospecting", probability: 10, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Qualification", probability: 10, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Needs Analysis", probability: 20, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Value Proposition", probability: 50, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Id. Decision Makers", probability: 60, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Perception Analysis", probability: 70, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Proposal/Price Quote", probability: 75, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Negotiation/Review", probability: 90, forecastCategory: "Pipeline", isClosed: false, isWon: false),
        Stage(name: "Closed Won", probability: 100, forecastCategory: "Closed", isClosed: true, isWon: true),
        Stage(name: "Closed Lost", probability: 0, forecastCategory: "Omitted", isClosed: true, isWon: false),
    ]

    static func stage(named name: String) -> Stage? { stages.first { $0.name == name } }

    static let currencies = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF"]

    static let opportunity = SObjectSchema(
        name: "Opportunity", label: "Opportunity", labelPlural: "Opportunities", keyPrefix: "006",
        fields: system + [
            .text("Name", "Name", length: 120, required: true),
            .reference("AccountId", "Account ID", to: ["Account"], relationship: "Account"),
            .picklist("StageName", "Stage", stages.map(\.name), restricted: true, required: true),
            .number("Amount", "Amount", .currency),
            .picklist("CurrencyIsoCode", "Opportunity Currency", currencies, restricted: true, defaultValue: "USD"),
            .number("Probability", "Probability (%)", .percent, precision: 3, scale: 0),
            .readOnly("ExpectedRevenue", .currency, "Expected Amount", nillable: true),
            SFField(name: "CloseDate", type: .date, label: "Close Date", nillable: false),
            .picklist("Type", "Opportunity Type", ["Existing Customer - Upgrade", "Existing Customer - Replacement",
                                                   "Existing Customer - Downgrade", "New Customer"]),
            .picklist("LeadSource", "Lead Source", ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]),
            .text("NextStep", "Next Step"),
            .text("Description", "Description", length: 32000, type: .textarea),
            .readOnly("ForecastCategoryName", .picklist, "Forecast Category", nillable: true),
            .readOnly("IsClosed", .boolean, "Closed"),
            .readOnly("IsWon", .boolean, "Won"),
            owner,
        ] + dealSyncId + [
            .number("DealSync_Score__c", "DealSync Score", .double, precision: 5, scale: 2),
            .text("DealSync_Risk__c", "DealSync Risk", length: 32768, type: .textarea),
            .text("DealSync_Next_Action__c", "DealSync Next Action"),
        ])

    static let contact = SObjectSchema(
        name: "Contact", label: "Contact", labelPlural: "Contacts", keyPrefix: "003",
        fields: system + [
            .reference("AccountId", "Account ID", to: ["Account"], relationship: "Account"),
            .text("FirstName", "First Name", length: 40),
            .text("LastName", "Last Name", length: 80, required: true),
            .readOnly("Name", .string, "Full Name"),
            .text("Email", "Email", length: 80, type: .email),
            .text("Phone", "Business Phone", length: 40, type: .phone),
            .text("MobilePhone", "Mobile Phone", length: 40, type: .phone),
            .text("Title", "Title", length: 128),
            .text("MailingCity", "Mailing City", length: 40),
            .text("MailingCountry", "Mailing Country", length: 80),
            owner,
        ] + dealSyncId)

    static let account = SObjectSchema(
        name: "Account", label: "Account", labelPlural: "Accounts", keyPrefix: "001",
        fields: system + [
            .text("Name", "Account Name", required: true),
            .picklist("Type", "Account Type", ["Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"]),
            .picklist("Industry", "Industry", industries),
            .text("Website", "Website", type: .url),
            .text("Phone", "Account Phone", length: 40, type: .phone),
            .number("NumberOfEmployees", "Employees", .int, precision: 8),
            .number("AnnualRevenue", "Annual Revenue", .currency),
            .text("BillingCity", "Billing City", length: 40),
            .text("BillingCountry", "Billing Country", length: 80),
            .reference("ParentId", "Parent Account ID", to: ["Account"], relationship: "Parent"),
            owner,
        ] + dealSyncId)

    static let task = SObjectSchema(
        name: "Task", label: "Task", labelPlural: "Tasks", keyPrefix: "00T",
        fields: system + [
            .text("Subject", "Subject", type: .combobox),
            .text("Description", "Description", length: 32000, type: .textarea),
            SFField(name: "ActivityDate", type: .date, label: "Due Date Only"),
            .picklist("Status", "Status", ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"],
                      restricted: true, required: true, defaultValue: "Not Started"),
            .picklist("Priority", "Priority", ["High", "Normal", "Low"], restricted: true, required: true, defaultValue: "Normal"),
            .picklist("TaskSubtype", "Task Subtype", ["Task", "Email", "ListEmail", "Cadence", "Call"],
                      restricted: true, updateable: false),
            .reference("WhoId", "Name ID", to: ["Contact"], relationship: "Who"),
            .reference("WhatId", "Related To ID", to: ["Opportunity", "Account"], relationship: "What"),
            .readOnly("IsClosed", .boolean, "Closed"),
            owner,
        ] + dealSyncId)

    /// Users own records; read-only here (the emulator has no user administration).
    static let user = SObjectSchema(
        name: "User", label: "User", labelPlural: "Users", keyPrefix: "005",
        fields: system + [
            .readOnly("Name", .string, "Full Name"),
            .readOnly("FirstName", .string, "First Name", nillable: true),
            .readOnly("LastName", .string, "Last Name"),
            .readOnly("Email", .email, "Email"),
            .readOnly("Username", .string, "Username"),
            .readOnly("IsActive", .boolean, "Active"),
        ], writable: false)

    /// The sales process's stages, queryable as on the real platform.
    static let opportunityStage = SObjectSchema(
        name: "OpportunityStage", label: "Opportunity Stage", labelPlural: "Opportunity Stages", keyPrefix: "01J",
        fields: system + [
            .readOnly("MasterLabel", .string, "Master Label"),
            .readOnly("ApiName", .string, "Api Name"),
            .readOnly("IsActive", .boolean, "Is Active"),
            .readOnly("IsClosed", .boolean, "Closed"),
            .readOnly("IsWon", .boolean, "Won"),
            .readOnly("DefaultProbability", .percent, "Probability (%)", nillable: true),
            .readOnly("ForecastCategoryName", .string, "Forecast Category Name"),
            .readOnly("SortOrder", .int, "Sort Order"),
        ], writable: false)

    static let objects: [SObjectSchema] = [account, contact, opportunity, opportunityStage, task, user]
    private static let byLowercasedName = Dictionary(uniqueKeysWithValues: objects.map { ($0.name.lowercased(), $0) })
    private static let byPrefix = Dictionary(uniqueKeysWithValues: objects.map { ($0.keyPrefix, $0) })

    /// Object names are case-insensitive in SOQL and in URLs.
    static func object(named name: String) -> SObjectSchema? { byLowercasedName[name.lowercased()] }

    static func object(forId id: String) -> SObjectSchema? { byPrefix[SalesforceID.keyPrefix(of: id)] }

    static let industries = ["Agriculture", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
                             "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment",
                             "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance",
                             "Machinery", "Manufacturing", "Media", "Not For Profit", "Recreation", "Retail",
                             "Shipping", "Technology", "Telecommunications", "Transportation", "Utilities", "Other"]

    private static let system: [SFField] = [
        .readOnly("Id", .id, "Record ID"),
        .readOnly("IsDeleted", .boolean, "Deleted"),
        .readOnly("CreatedDate", .datetime, "Created Date"),
        .reference("CreatedById", "Created By ID", to: ["User"], relationship: "CreatedBy", defaulted: true, updateable: false)
            .readOnlyCopy,
        .readOnly("LastModifiedDate", .datetime, "Last Modified Date"),
        .reference("LastModifiedById", "Last Modified By ID", to: ["User"], relationship: "LastModifiedBy", defaulted: true)
            .readOnlyCopy,
        .readOnly("SystemModstamp", .datetime, "System Modstamp"),
    ]

    private static let owner = SFField.reference("OwnerId", "Owner ID", to: ["User"], relationship: "Owner", defaulted: true)

    private static let dealSyncId: [SFField] = [
        SFField(name: "DealSync_Id__c", type: .string, label: "DealSync Id", length: 36, externalId: true, unique: true),
    ]
}

private extension SFField {
    var readOnlyCopy: SFField {
        var f = self
        f.createable = false
        f.updateable = false
        return f
    }
}
