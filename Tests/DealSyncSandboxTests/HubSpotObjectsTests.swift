import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotObjectsTests {
    @Test func seedsOnlyHubSpotEntitiesWithStringProperties() async {
        let h = HubSpotHarness(deals: 3)
        let page = await h.send("GET", "/crm/v3/objects/deals", query: ["properties": "dealname,amount,dealstage,hs_is_closed_won"])
        #expect(page.status == 200)
        let results = page.json["results"]?.arrayValue ?? []
        #expect(results.count == 3)
        #expect(results[0]["properties"]?["amount"] == "1000")
        #expect(results[0]["properties"]?["dealstage"] == "presentationscheduled")
        #expect(results[1]["properties"]?["hs_is_closed_won"] == "true")
        #expect(results[0]["archived"] == false)
    }

    @Test func listPagingVisitsEveryRecordOnce() async {
        let h = HubSpotHarness(deals: 25)
        var seen: [String] = [], after: String?
        repeat {
            var query = ["limit": "10"]
            if let after { query["after"] = after }
            let page = await h.send("GET", "/crm/v3/objects/deals", query: query)
            seen += (page.json["results"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            after = page.json["paging"]?["next"]?["after"]?.stringValue
            if after != nil { #expect(page.json["paging"]?["next"]?["link"]?.stringValue?.hasPrefix("?after=") == true) }
        } while after != nil
        #expect(seen.count == 25)
        #expect(Set(seen).count == 25)
    }

    @Test func createReadUpdateArchiveMaintainsStamps() async {
        let h = HubSpotHarness()
        let created = await h.send("POST", "/crm/v3/objects/deals", json: ["properties": ["dealname": "New", "amount": 1500.5, "dealstage": "qualifiedtobuy"]])
        #expect(created.status == 201)
        let id = created.json["id"]!.stringValue!
        #expect(created.json["properties"]?["hs_object_id"]?.stringValue == id)
        #expect(created.json["properties"]?["amount"] == "1500.5")
        #expect(created.json["properties"]?["pipeline"] == "default")
        let before = created.json["properties"]?["hs_lastmodifieddate"]?.stringValue

        h.clock.advance(5)
        let updated = await h.send("PATCH", "/crm/v3/objects/deals/\(id)", json: ["properties": ["dealstage": "closedwon"]])
        #expect(updated.status == 200)
        #expect(updated.json["properties"]?["hs_lastmodifieddate"]?.stringValue != before)
        let read = await h.send("GET", "/crm/v3/objects/deals/\(id)", query: ["properties": "dealstage,hs_deal_stage_probability,dealsync_score"])
        #expect(read.json["properties"]?["dealstage"] == "closedwon")
        #expect(read.json["properties"]?["hs_deal_stage_probability"] == "1.0")
        #expect(read.json["properties"]?["dealsync_score"] == .null)

        #expect(await h.send("DELETE", "/crm/v3/objects/deals/\(id)").status == 204)
        #expect(await h.send("GET", "/crm/v3/objects/deals/\(id)").status == 404)
        let archived = await h.send("GET", "/crm/v3/objects/deals", query: ["archived": "true"])
        #expect(archived.json["results"]?.arrayValue?.map { $0["id"] } == [.string(id)])
        #expect(archived.json["results"]?.hsItem(0)?["archivedAt"] != nil)
    }

    @Test func propertyHistoryListsEveryVersionNewestFirst() async throws {
        let h = HubSpotHarness(deals: 1)
        let id = await h.send("GET", "/crm/v3/objects/deals").json["results"]?.hsItem(0)?["id"]?.stringValue ?? ""
        h.clock.advance(60)
        _ = await h.send("PATCH", "/crm/v3/objects/deals/\(id)", json: ["properties": ["dealstage": "contractsent"]])
        h.clock.advance(60)
        _ = try await h.emulator.applyHumanEdit(SandboxEdit(object: "deals", id: id, fields: ["dealstage": "closedwon"]))
        let read = await h.send("GET", "/crm/v3/objects/deals/\(id)", query: ["propertiesWithHistory": "dealstage,dealname"])
        let stages = read.json["propertiesWithHistory"]?["dealstage"]?.arrayValue ?? []
        #expect(stages.compactMap { $0["value"]?.stringValue } == ["closedwon", "contractsent", "presentationscheduled"])
        #expect(stages.compactMap { $0["sourceType"]?.stringValue } == ["CRM_UI", "INTEGRATION", "CRM_UI"])
        #expect(read.json["propertiesWithHistory"]?["dealname"]?.arrayValue?.count == 1)
        let batch = await h.send("POST", "/crm/v3/objects/deals/batch/read",
                                 json: ["inputs": [["id": .string(id)]], "properties": [], "propertiesWithHistory": ["dealstage"]])
        #expect(batch.json["results"]?.hsItem(0)?["propertiesWithHistory"]?["dealstage"]?.arrayValue?.count == 3)
    }

    @Test func unknownOrReadOnlyPropertyIsAValidationError() async {
        let h = HubSpotHarness()
        let unknown = await h.send("POST", "/crm/v3/objects/deals", json: ["properties": ["no_such_field": "x"]])
        #expect(unknown.status == 400)
        #expect(unknown.json["category"] == "VALIDATION_ERROR")
        #expect(unknown.json["errors"]?.hsItem(0)?["code"] == "PROPERTY_DOESNT_EXIST")
        #expect(unknown.json["correlationId"]?.stringValue?.isEmpty == false)
        let readOnly = await h.send("POST", "/crm/v3/objects/deals", json: ["properties": ["hs_object_id": "5"]])
        #expect(readOnly.json["errors"]?.hsItem(0)?["code"] == "READ_ONLY_VALUE")
        let badStage = await h.send("POST", "/crm/v3/objects/deals", json: ["properties": ["dealstage": "nonsense"]])
        #expect(badStage.json["errors"]?.hsItem(0)?["code"] == "INVALID_OPTION")
    }

    @Test func malformedBodyIsAValidationError() async {
        let h = HubSpotHarness()
        let r = await h.send("POST", "/crm/v3/objects/deals/search", body: Data("{\"filterGroups\": [".utf8))
        #expect(r.status == 400)
        #expect(r.json["category"] == "VALIDATION_ERROR")
    }

    @Test func duplicateContactEmailIsAConflict() async {
        let h = HubSpotHarness()
        let dup = await h.send("POST", "/crm/v3/objects/contacts", json: ["properties": ["email": "PERSON0@company0.test"]])
        #expect(dup.status == 409)
        #expect(dup.json["category"] == "CONFLICT")
        #expect(dup.json["message"]?.stringValue?.hasPrefix("Contact already exists. Existing ID: ") == true)
    }

    @Test func getByUniqueIdProperty() async {
        let h = HubSpotHarness()
        let id = await h.createDeal(["dealname": "Linked", "dealsync_id": "0190-abc"])
        let read = await h.send("GET", "/crm/v3/objects/deals/0190-abc", query: ["idProperty": "dealsync_id"])
        #expect(read.json["id"]?.stringValue == id)
    }

    @Test func expiredTokenAnswers401UntilRefreshed() async {
        let h = HubSpotHarness(tokenLifetime: 60)
        #expect(await h.send("GET", "/crm/v3/objects/deals").status == 200)
        h.clock.advance(61)
        let expired = await h.send("GET", "/crm/v3/objects/deals")
        #expect(expired.status == 401)
        #expect(expired.json["category"] == "EXPIRED_AUTHENTICATION")
        let unknown = await h.send("GET", "/crm/v3/objects/deals", token: "nope")
        #expect(unknown.json["category"] == "INVALID_AUTHENTICATION")

        let c = h.emulator.credentials
        let form = "grant_type=refresh_token&client_id=\(c["client_id"]!)&client_secret=\(c["client_secret"]!)&refresh_token=\(c["refresh_token"]!)"
        let refreshed = await h.emulator.handle(SandboxRequest(method: "POST", path: "/oauth/v1/token",
                                                               headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8)))
        let body = try? JSONDecoder().decode(JSONValue.self, from: refreshed.body)
        #expect(refreshed.status == 200)
        #expect(body?["token_type"] == "bearer")
        #expect(body?["expires_in"] == 60)
        #expect(body?["refresh_token"]?.stringValue == c["refresh_token"])
        let fresh = body?["access_token"]?.stringValue ?? ""
        #expect(await h.send("GET", "/crm/v3/objects/deals", token: fresh).status == 200)

        let badForm = "grant_type=refresh_token&client_id=\(c["client_id"]!)&client_secret=\(c["client_secret"]!)&refresh_token=wrong"
        let bad = await h.emulator.handle(SandboxRequest(method: "POST", path: "/oauth/v1/token", body: Data(badForm.utf8)))
        #expect(bad.status == 400)
        #expect(String(decoding: bad.body, as: UTF8.self).contains("BAD_REFRESH_TOKEN"))
    }

    @Test func privateAppTokenNeverExpires() async {
        let h = HubSpotHarness(tokenLifetime: 1)
        h.clock.advance(86_400)
        let r = await h.send("GET", "/crm/v3/objects/contacts", token: h.emulator.credentials["private_app_token"])
        #expect(r.status == 200)
        #expect(r.response.header("X-HubSpot-RateLimit-Daily") != nil)
    }

    @Test func ownersMatchDealOwnerIds() async {
        let h = HubSpotHarness(deals: 1)
        let owners = await h.send("GET", "/crm/v3/owners", query: ["email": "ada@seller.test"])
        let ownerId = owners.json["results"]?.hsItem(0)?["id"]?.stringValue
        let deal = await h.send("GET", "/crm/v3/objects/deals", query: ["properties": "hubspot_owner_id"])
        #expect(ownerId != nil && deal.json["results"]?.hsItem(0)?["properties"]?["hubspot_owner_id"]?.stringValue == ownerId)
        #expect(await h.send("GET", "/crm/v3/owners/\(ownerId ?? "")").json["email"] == "ada@seller.test")
        #expect(await h.send("GET", "/crm/v3/owners/1").status == 404)
        #expect(await h.send("GET", "/account-info/v3/details").json["timeZone"] == "Etc/UTC")
    }

    @Test func propertiesAndPipelinesDescribeTheCustomFields() async {
        let h = HubSpotHarness()
        let props = await h.send("GET", "/crm/v3/properties/deals")
        let names = (props.json["results"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        for name in ["dealsync_id", "dealsync_score", "dealsync_risk", "dealsync_next_action", "dealname", "hs_lastmodifieddate"] {
            #expect(names.contains(name))
        }
        let unique = await h.send("GET", "/crm/v3/properties/deals/dealsync_id")
        #expect(unique.json["hasUniqueValue"] == true)
        #expect(await h.send("GET", "/crm/v3/properties/contacts/nope").status == 404)
        let pipelines = await h.send("GET", "/crm/v3/pipelines/deals")
        let stages = pipelines.json["results"]?.hsItem(0)?["stages"]?.arrayValue ?? []
        #expect(stages.count == 7)
        #expect(stages.last?["metadata"]?["isClosed"] == "true")
    }
}

extension JSONValue {
    /// Array element `index`, nil when out of range (named to stay clear of other suites' helpers).
    func hsItem(_ index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
