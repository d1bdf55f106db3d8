/// One property definition, as `GET /crm/v3/properties/{type}` lists it and as writes are
/// validated against it.
struct HubSpotProperty: Sendable, Hashable {
    enum Kind: String, Sendable { case string, number, datetime, date, enumeration, bool }

    var name: String
    var label: String
    var type: Kind
    var fieldType: String
    var groupName: String
    var options: [(value: String, label: String)] = []
    var hasUniqueValue = false
    var readOnlyValue = false
    var calculated = false
    var hubspotDefined = true

    static func == (a: HubSpotProperty, b: HubSpotProperty) -> Bool { a.name == b.name }
    func hash(into h: inout Hasher) { h.combine(name) }

    func json(createdAt: String) -> JSONValue {
        .object([
            "name": .string(name), "label": .string(label), "type": .string(type.rawValue),
            "fieldType": .string(fieldType), "groupName": .string(groupName), "description": "",
            "options": .array(options.enumerated().map { i, o in
                ["label": .string(o.label), "value": .string(o.value), "displayOrder": .number(Double(i)), "hidden": false]
            }),
            "displayOrder": -1, "calculated": .bool(calculated), "externalOptions": false,
            "hasUniqueValue": .bool(hasUniqueValue), "hidden": false, "hubspotDefined": .bool(hubspotDefined),
            "formField": .bool(!readOnlyValue), "archived": false,
            "createdAt": .string(createdAt), "updatedAt": .string(createdAt),
            "modificationMetadata": ["archivable": .bool(!hubspotDefined), "readOnlyDefinition": .bool(hubspotDefined),
                                     "readOnlyValue": .bool(readOnlyValue)],
        ])
    }
}

/// The property catalogue of each object type: HubSpot's standard properties that DealSync
/// reads, plus the custom ones the customer's admin created for DealSync (DESIGN §4, §6).
struct HubSpotSchema: Sendable {
    let properties: [HubSpotObjectType: [String: HubSpotProperty]]
    let ordered: [HubSpotObjectType: [HubSpotProperty]]

    init(pipeline: HubSpotPipeline, currencies: [String]) {
        func p(_ name: String, _ label: String, _ type: HubSpotProperty.Kind, _ field: String, group: String = "dealinformation",
               options: [(String, String)] = [], unique: Bool = false, readOnly: Bool = false, custom: Bool = false) -> HubSpotProperty {
            HubSpotProperty(name: name, label: label, type: type, fieldType: field, groupName: group,
                            options: options.map { ($0.0, $0.1) }, hasUniqueValue: unique, readOnlyValue: readOnly,
                            calculated: readOnly && name.hasPrefix("hs_is"), hubspotDefined: !custom)
        }
        let system = { (g: String, lastModified: String) in [
            p("hs_object_id", "Record ID", .number, "number", group: g, readOnly: true),
            p("createdate", "Create Date", .datetime, "date", group: g),
            p(lastModified, "Last Modified Date", .datetime, "date", group: g, readOnly: true),
            p("hubspot_owner_id", "Owner", .enumeration, "select", group: g),
            p("dealsync_id", "DealSync ID", .string, "text", group: g, unique: true, custom: true),
        ] }
        let yesNo = [("true", "Yes"), ("false", "No")]
        let deals = system("dealinformation", "hs_lastmodifieddate") + [
            p("dealname", "Deal Name", .string, "text"),
            p("amount", "Amount", .number, "number"),
            p("deal_currency_code", "Currency", .enumeration, "select", options: currencies.map { ($0, $0) }),
            p("dealstage", "Deal Stage", .enumeration, "radio", options: pipeline.stages.map { ($0.id, $0.label) }),
            p("pipeline", "Pipeline", .enumeration, "select", options: [(pipeline.id, pipeline.label)]),
            p("closedate", "Close Date", .datetime, "date"),
            p("hs_deal_stage_probability", "Deal probability", .number, "number", readOnly: true),
            p("hs_is_closed", "Is Deal Closed?", .bool, "booleancheckbox", options: yesNo, readOnly: true),
            p("hs_is_closed_won", "Is closed won", .bool, "booleancheckbox", options: yesNo, readOnly: true),
            p("description", "Deal Description", .string, "textarea"),
            p("dealsync_score", "DealSync Score", .number, "number", custom: true),
            p("dealsync_risk", "DealSync Risk", .string, "textarea", custom: true),
            p("dealsync_next_action", "DealSync Next Action", .string, "textarea", custom: true),
        ]
        let contacts = system("contactinformation", "lastmodifieddate") + [
            p("firstname", "First Name", .string, "text", group: "contactinformation"),
            p("lastname", "Last Name", .string, "text", group: "contactinformation"),
            p("email", "Email", .string, "text", group: "contactinformation", unique: true),
            p("phone", "Phone Number", .string, "phonenumber", group: "contactinformation"),
            p("jobtitle", "Job Title", .string, "text", group: "contactinformation"),
            p("company", "Company Name", .string, "text", group: "contactinformation"),
            p("associatedcompanyid", "Primary Associated Company ID", .number, "number", group: "contactinformation"),
        ]
        let companies = system("companyinformation", "hs_lastmodifieddate") + [
            p("name", "Company name", .string, "text", group: "companyinformation"),
            p("domain", "Company Domain Name", .string, "text", group: "companyinformation"),
            p("website", "Website URL", .string, "text", group: "companyinformation"),
            p("phone", "Phone Number", .string, "phonenumber", group: "companyinformation"),
            p("industry", "Industry", .string, "text", group: "companyinformation"),
            p("numberofemployees", "Number of Employees", .number, "number", group: "companyinformation"),
            p("city", "City", .string, "text", group: "companyinformation"),
            p("country", "Country/Region", .string, "text", group: "companyinformation"),
        ]
        let ordered: [HubSpotObjectType: [HubSpotProperty]] = [.deals: deals, .contacts: contacts, .companies: companies,
                                                               .emails: Self.emailProperties()]
        self.ordered = ordered
        self.properties = ordered.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.name, $0) }) }
    }

    func property(_ type: HubSpotObjectType, _ name: String) -> HubSpotProperty? { properties[type]?[name] }

    func uniqueProperties(_ type: HubSpotObjectType) -> [String] {
        ordered[type, default: []].filter(\.hasUniqueValue).map(\.name)
    }
}
