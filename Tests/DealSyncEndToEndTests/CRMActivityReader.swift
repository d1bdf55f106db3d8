import DealSyncConnectors
import DealSyncCore
import Foundation

/// Activities as each CRM's own API shows them: Salesforce Tasks, HubSpot email engagements
/// with their associations, Pipedrive activities of a deal.
struct CRMActivityReader {
    struct Activity: Equatable {
        var subject: String
        var text: String?
        var contact: String?
        var deal: String?
    }

    let kind: CRMKind
    let client: APIClient

    init(_ kind: CRMKind, url: String, credentials: [String: String]) {
        self.kind = kind
        let auth: APIAuth = kind == .pipedrive
            ? .header(name: "x-api-token", value: credentials["api_token"] ?? "")
            : .bearer(StaticAccessToken(credentials["access_token"] ?? ""))
        client = APIClient(baseURL: url, auth: auth, timeout: .seconds(5))
    }

    /// The activities with this subject; Pipedrive lists them per deal, so `deal` names it there.
    func activities(subject: String, deal: String) async throws -> [Activity] {
        switch kind {
        case .salesforce:
            let soql = "SELECT Id, Subject, Description, WhoId, WhatId FROM Task WHERE Subject = '\(subject.replacingOccurrences(of: "'", with: "\\'"))'"
            let body = try await json(APIRequest(.GET, "/services/data/v59.0/query?q=\(APIRequest.formEncode(soql))"))
            return Self.items(body["records"]).map {
                Activity(subject: $0["Subject"]?.stringValue ?? "", text: $0["Description"]?.stringValue,
                         contact: $0["WhoId"]?.stringValue, deal: $0["WhatId"]?.stringValue)
            }
        case .hubspot:
            let search: RemoteValue = .object(["filterGroups": .array([.object(["filters": .array([.object([
                "propertyName": .string("hs_email_subject"), "operator": .string("EQ"), "value": .string(subject)])])])]),
                "limit": .number(100)])
            var found: [Activity] = []
            for item in Self.items(try await json(try .json(.POST, "/crm/v3/objects/emails/search", search))["results"]) {
                guard let id = item["id"]?.stringValue else { continue }
                let email = try await json(APIRequest(.GET, "/crm/v3/objects/emails/\(id)?properties=hs_email_subject,hs_email_text&associations=contacts,deals"))
                found.append(Activity(subject: email["properties"]?["hs_email_subject"]?.stringValue ?? "",
                                      text: email["properties"]?["hs_email_text"]?.stringValue,
                                      contact: Self.items(email["associations"]?["contacts"]?["results"]).first?["id"]?.stringValue,
                                      deal: Self.items(email["associations"]?["deals"]?["results"]).first?["id"]?.stringValue))
            }
            return found
        case .pipedrive:
            let body = try await json(APIRequest(.GET, "/api/v2/activities?deal_id=\(deal)&limit=500"))
            return Self.items(body["data"]).filter { $0["subject"]?.stringValue == subject }.map {
                Activity(subject: subject, text: $0["note"]?.stringValue, contact: $0["person_id"]?.stringValue,
                         deal: $0["deal_id"]?.stringValue)
            }
        }
    }

    /// HubSpot's search allows a few calls a second; a 429 waits as the API asks.
    private func json(_ request: APIRequest) async throws -> RemoteValue {
        for _ in 0..<20 {
            let response = try await client.send(request)
            guard response.status == 429 else { return try response.decode(RemoteValue.self) }
            try await Task.sleep(for: .seconds(Double(response.header("Retry-After") ?? "") ?? 1))
        }
        throw DaemonTestError("\(kind) kept answering 429")
    }

    static func items(_ value: RemoteValue?) -> [RemoteValue] {
        if case .array(let items)? = value { items } else { [] }
    }
}
