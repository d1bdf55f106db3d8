import DealSyncConnectors
import DealSyncCore
import Foundation

/// Per-CRM spellings of an activity, as `mappings/activity.yaml` writes them (the mapping side
/// is checked in DealSyncSyncTests/ActivityMappingTests), and a reader that looks at what the
/// emulator stored through the API itself.
enum ActivityFixtures {
    struct Stored: Equatable {
        var id: String
        var subject: String?
        var text: String?
        var contact: String?
        var deal: String?
        /// How many contacts the activity is linked to (HubSpot allows several).
        var contactLinks = 1
    }

    static func fields(_ kind: CRMKind, subject: String, text: String, contact: String, deal: String) -> [String: RemoteValue] {
        switch kind {
        case .salesforce:
            ["Subject": .string(subject), "Description": .string(text), "ActivityDate": .string("2026-11-20"),
             "TaskSubtype": .string("Email"), "Status": .string("Completed"), "WhoId": .string(contact), "WhatId": .string(deal)]
        case .hubspot:
            ["hs_email_subject": .string(subject), "hs_email_text": .string(text), "hs_timestamp": .string("1795132800000"),
             "associations": .object(["contact": .string(contact), "deal": .string(deal)])]
        case .pipedrive:
            ["subject": .string(subject), "note": .string(text), "due_date": .string("2026-11-20"), "type": .string("email"),
             "done": .string("true"), "person_id": .number(Decimal(string: contact)!), "deal_id": .number(Decimal(string: deal)!)]
        }
    }

    static func edit(_ kind: CRMKind, subject: String, text: String) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["Subject": .string(subject), "Description": .string(text)]
        case .hubspot: ["hs_email_subject": .string(subject), "hs_email_text": .string(text)]
        case .pipedrive: ["subject": .string(subject), "note": .string(text)]
        }
    }

    /// The same activity moved to another contact.
    static func relink(_ kind: CRMKind, contact: String) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["WhoId": .string(contact)]
        case .hubspot: ["associations": .object(["contact": .string(contact)])]
        case .pipedrive: ["person_id": .number(Decimal(string: contact)!)]
        }
    }

    /// A value the CRM refuses for this one record.
    static func invalid(_ kind: CRMKind) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["Subject": .string("bad"), "Status": .string("Bogus Status")]
        case .hubspot: ["hs_email_subject": .string("bad"), "hs_timestamp": .string("1795132800000"), "hs_email_direction": .string("SIDEWAYS")]
        case .pipedrive: ["subject": .string("bad"), "type": .string("carrier_pigeon")]
        }
    }

    static func reader(_ kind: CRMKind, url: String, credentials: [String: String]) -> APIClient {
        let auth: APIAuth = kind == .pipedrive
            ? .header(name: "x-api-token", value: credentials["api_token"] ?? "")
            : .bearer(StaticAccessToken(credentials["access_token"] ?? ""))
        return APIClient(baseURL: url, auth: auth, timeout: .seconds(5))
    }

    static func json(_ response: APIResponse) throws -> RemoteValue {
        try response.decode(RemoteValue.self)
    }

    static func items(_ value: RemoteValue?) -> [RemoteValue] {
        if case .array(let items)? = value { items } else { [] }
    }

    /// The activity as the CRM holds it; nil when it does not exist.
    static func read(_ kind: CRMKind, _ client: APIClient, id: String) async throws -> Stored? {
        switch kind {
        case .salesforce:
            let soql = "SELECT Id, Subject, Description, WhoId, WhatId FROM Task WHERE Id = '\(id)'"
            let body = try json(try await client.send(APIRequest(.GET, "/services/data/v59.0/query?q=\(APIRequest.formEncode(soql))")))
            guard let row = items(body["records"]).first else { return nil }
            return Stored(id: id, subject: row["Subject"]?.stringValue, text: row["Description"]?.stringValue,
                          contact: row["WhoId"]?.stringValue, deal: row["WhatId"]?.stringValue)
        case .hubspot:
            let response = try await client.send(APIRequest(.GET, "/crm/v3/objects/emails/\(id)?properties=hs_email_subject,hs_email_text&associations=contacts,deals"))
            guard response.status == 200 else { return nil }
            let body = try json(response)
            let contacts = items(body["associations"]?["contacts"]?["results"])
            return Stored(id: id, subject: body["properties"]?["hs_email_subject"]?.stringValue,
                          text: body["properties"]?["hs_email_text"]?.stringValue,
                          contact: contacts.first?["id"]?.stringValue,
                          deal: items(body["associations"]?["deals"]?["results"]).first?["id"]?.stringValue,
                          contactLinks: contacts.count)
        case .pipedrive:
            let response = try await client.send(APIRequest(.GET, "/api/v2/activities/\(id)"))
            guard response.status == 200, let data = try json(response)["data"] else { return nil }
            return Stored(id: id, subject: data["subject"]?.stringValue, text: data["note"]?.stringValue,
                          contact: data["person_id"]?.stringValue, deal: data["deal_id"]?.stringValue)
        }
    }

    /// How many activities carry `dealSyncID` (linked to `deal`, where Pipedrive looks).
    static func count(_ kind: CRMKind, _ client: APIClient, dealSyncID: String, deal: String) async throws -> Int {
        switch kind {
        case .salesforce:
            let soql = "SELECT Id FROM Task WHERE DealSync_Id__c = '\(dealSyncID)'"
            let body = try json(try await client.send(APIRequest(.GET, "/services/data/v59.0/query?q=\(APIRequest.formEncode(soql))")))
            return body["totalSize"]?.stringValue.flatMap { Int($0) } ?? -1
        case .hubspot:
            let search: RemoteValue = .object(["filterGroups": .array([.object(["filters": .array([.object([
                "propertyName": .string("dealsync_id"), "operator": .string("EQ"), "value": .string(dealSyncID)])])])]),
                "limit": .number(100)])
            let body = try json(try await client.send(try .json(.POST, "/crm/v3/objects/emails/search", search)))
            return body["total"]?.stringValue.flatMap { Int($0) } ?? -1
        case .pipedrive:
            let body = try json(try await client.send(APIRequest(.GET, "/api/v2/activities?deal_id=\(deal)&limit=500")))
            return items(body["data"]).compactMap { $0["note"]?.stringValue }.filter { $0.hasSuffix("DealSync ID: \(dealSyncID)") }.count
        }
    }
}
