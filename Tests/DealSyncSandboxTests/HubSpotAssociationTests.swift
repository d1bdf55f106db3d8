import Foundation
import Testing
@testable import DealSyncSandbox

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

    @Test func v3BatchAssociationsUseTypeNames() async {
        let h = HubSpotHarness(deals: 1)
        let dealId = await h.createDeal(["dealname": "v3"])
        let contactId = await h.send("GET", "/crm/v3/objects/contacts").json["results"]?.hsItem(0)?["id"]?.stringValue ?? ""
        let made = await h.send("POST", "/crm/v3/associations/deals/contacts/batch/create",
                                json: ["inputs": [["from": ["id": .string(dealId)], "to": ["id": .string(contactId)], "type": "deal_to_contact"]]])
        #expect(made.status == 201)
        let read = await h.send("POST", "/crm/v3/associations/contacts/deals/batch/read", json: ["inputs": [["id": .string(contactId)]]])
        let to = read.json["results"]?.hsItem(0)?["to"]?.arrayValue ?? []
        #expect(to.contains(["id": .string(dealId), "type": "contact_to_deal"]))
        let gone = await h.send("POST", "/crm/v3/associations/deals/contacts/batch/archive",
                                json: ["inputs": [["from": ["id": .string(dealId)], "to": ["id": .string(contactId)], "type": "deal_to_contact"]]])
        #expect(gone.status == 204)
        #expect(await h.send("GET", "/crm/v4/objects/deals/\(dealId)/associations/contacts").json["results"] == [])
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
