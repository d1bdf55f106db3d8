import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotWebhookTests {
    private func events(_ d: HubSpotRecordingTransport.Delivery) -> [JSONValue] {
        ((try? JSONDecoder().decode(JSONValue.self, from: d.body))?.arrayValue) ?? []
    }

    @Test func humanEditFiresSignedPropertyChange() async throws {
        let h = HubSpotHarness()
        let target = "http://127.0.0.1:9464/webhooks/acme/hubspot?x=1"
        await h.emulator.setWebhookTarget(target)
        let dealId = await h.send("GET", "/crm/v3/objects/deals", query: ["limit": "1"]).json["results"]?.hsItem(0)?["id"]?.stringValue ?? ""
        h.clock.advance(60)
        let edited = try await h.emulator.applyHumanEdit(SandboxEdit(object: "deal", id: dealId, fields: ["dealstage": "closedlost"]))
        #expect(edited["properties"]?["dealstage"] == "closedlost")
        #expect(edited["properties"]?["hs_lastmodifieddate"]?.stringValue == HubSpotTime.iso(h.clock.now))
        await h.emulator.drainWebhooks()

        let delivery = try #require(h.transport.deliveries.first)
        #expect(delivery.url == target)
        let ts = try #require(delivery.headers["X-HubSpot-Request-Timestamp"])
        let secret = h.emulator.credentials["webhook_secret"]!
        #expect(delivery.headers["X-HubSpot-Signature-v3"] == HubSpotSignature.v3(secret: secret, method: "POST", uri: target, body: delivery.body, timestamp: ts))
        let changes = events(delivery).filter { $0["subscriptionType"] == "deal.propertyChange" }
        #expect(changes.count == 1)
        #expect(changes.first?["propertyName"] == "dealstage")
        #expect(changes.first?["propertyValue"] == "closedlost")
        #expect(changes.first?["changeSource"] == "CRM_UI")
        #expect(changes.first?["objectId"]?.stringValue == dealId)
        #expect(changes.first?["attemptNumber"] == 0)
    }

    @Test func integrationWritesBatchIntoOneDelivery() async {
        let h = HubSpotHarness()
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/hook")
        let inputs = JSONValue.array((0..<30).map { ["properties": ["dealname": .string("d\($0)")]] })
        _ = await h.send("POST", "/crm/v3/objects/deals/batch/create", json: ["inputs": inputs])
        await h.emulator.drainWebhooks()
        let all = h.transport.deliveries.flatMap(events)
        #expect(all.count == 30)
        #expect(all.allSatisfy { $0["subscriptionType"] == "deal.creation" && $0["changeSource"] == "INTEGRATION" })
        #expect(h.transport.deliveries.count <= 2)
    }

    @Test func failedDeliveryIsRetriedWithNextAttemptNumber() async {
        let h = HubSpotHarness()
        h.transport.failNext(1)
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/hook")
        _ = try? await h.emulator.applyHumanEdit(SandboxEdit(object: "contacts", id: nil, fields: ["email": "new@x.test"]))
        await h.emulator.drainWebhooks()
        let attempts = h.transport.deliveries.map { events($0).first?["attemptNumber"] }
        #expect(attempts == [0, 1])
    }

    @Test func deletionAndNoTargetMeansNoDelivery() async throws {
        let h = HubSpotHarness()
        let id = await h.createDeal(["dealname": "x"])
        await h.emulator.drainWebhooks()
        #expect(h.transport.deliveries.isEmpty)
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/hook")
        _ = try await h.emulator.applyHumanEdit(SandboxEdit(object: "deals", id: id, delete: true))
        await h.emulator.drainWebhooks()
        #expect(h.transport.deliveries.flatMap(events).map { $0["subscriptionType"] } == ["deal.deletion"])
    }

    @Test func humanEditRejectsUnknownProperty() async {
        let h = HubSpotHarness()
        await #expect(throws: SandboxEditError.self) {
            try await h.emulator.applyHumanEdit(SandboxEdit(object: "companies", id: nil, fields: ["nope": "x"]))
        }
    }
}

@Suite struct HubSpotAssociationTests {
    @Test func seededDealsLinkToContactsAndCompanies() async {
        let h = HubSpotHarness(deals: 2)
        let deal = await h.send("GET", "/crm/v3/objects/deals", query: ["limit": "1", "associations": "contacts,companies"])
        let first = deal.json["results"]?.hsItem(0)
        #expect(first?["associations"]?["contacts"]?["results"]?.arrayValue?.count == 1)
        let dealId = first?["id"]?.stringValue ?? ""
        let companies = await h.send("GET", "/crm/v4/objects/deals/\(dealId)/associations/companies")
        let types = companies.json["results"]?.hsItem(0)?["associationTypes"]?.arrayValue?.compactMap { $0["typeId"]?.intValue }
        #expect(types == [5, 341])
    }

    @Test func defaultAssociationAndBatchRead() async {
        let h = HubSpotHarness(deals: 2)
        let dealId = await h.createDeal(["dealname": "lonely"])
        let contactId = await h.send("POST", "/crm/v3/objects/contacts", json: ["properties": ["email": "a@b.test"]]).json["id"]?.stringValue ?? ""
        let put = await h.send("PUT", "/crm/v4/objects/deals/\(dealId)/associations/default/contacts/\(contactId)")
        #expect(put.status == 200)
        #expect(put.json["results"]?.hsItem(0)?["associationSpec"]?["associationTypeId"] == 3)
        let read = await h.send("POST", "/crm/v4/associations/deals/contacts/batch/read", json: ["inputs": [["id": .string(dealId)], ["id": "1"]]])
        #expect(read.status == 207)
        #expect(read.json["results"]?.hsItem(0)?["to"]?.hsItem(0)?["toObjectId"]?.stringValue == contactId)
        // The reverse direction exists with the inverse type.
        let back = await h.send("GET", "/crm/v4/objects/contacts/\(contactId)/associations/deals")
        #expect(back.json["results"]?.hsItem(0)?["associationTypes"]?.hsItem(0)?["typeId"] == 4)
        #expect(await h.send("DELETE", "/crm/v4/objects/deals/\(dealId)/associations/contacts/\(contactId)").status == 204)
        #expect(await h.send("GET", "/crm/v4/objects/deals/\(dealId)/associations/contacts").json["results"] == [])
    }

    @Test func writingAssociatedCompanyIdLinksThePrimaryCompany() async {
        let h = HubSpotHarness(deals: 2)
        let companies = await h.send("GET", "/crm/v3/objects/companies").json["results"]?.arrayValue ?? []
        let second = companies.last?["id"]?.stringValue ?? ""
        let contact = await h.send("POST", "/crm/v3/objects/contacts",
                                   json: ["properties": ["email": "moved@x.test", "associatedcompanyid": .string(second)]])
        let id = contact.json["id"]?.stringValue ?? ""
        let linked = await h.send("GET", "/crm/v4/objects/contacts/\(id)/associations/companies")
        #expect(linked.json["results"]?.hsItem(0)?["toObjectId"]?.stringValue == second)
        #expect(linked.json["results"]?.hsItem(0)?["associationTypes"]?.arrayValue?.compactMap { $0["label"]?.stringValue } == ["Primary"])
    }

    @Test func createWithV3AssociationsInput() async {
        let h = HubSpotHarness(deals: 1)
        let companyId = await h.send("GET", "/crm/v3/objects/companies").json["results"]?.hsItem(0)?["id"]?.stringValue ?? ""
        let created = await h.send("POST", "/crm/v3/objects/contacts", json: [
            "properties": ["email": "z@z.test"],
            "associations": [["to": ["id": .string(companyId)], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1]]]],
        ])
        #expect(created.status == 201)
        let id = created.json["id"]?.stringValue ?? ""
        let read = await h.send("GET", "/crm/v3/objects/contacts/\(id)", query: ["properties": "associatedcompanyid"])
        #expect(read.json["properties"]?["associatedcompanyid"]?.stringValue == companyId)
    }
}
