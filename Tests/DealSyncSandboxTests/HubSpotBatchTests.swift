import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotBatchTests {
    @Test func moreThanOneHundredInputsIsRejected() async {
        let h = HubSpotHarness()
        let inputs = JSONValue.array((0..<101).map { ["properties": ["dealname": .string("d\($0)")]] })
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/create", json: ["inputs": inputs])
        #expect(r.status == 400)
        #expect(r.json["category"] == "VALIDATION_ERROR")
        let count = await h.send("POST", "/crm/v3/objects/deals/search", json: [:]).json["total"]
        #expect(count == 3)   // nothing written
    }

    @Test func batchReadReportsMissingIdsAsMultiStatus() async {
        let h = HubSpotHarness()
        let id = await h.createDeal(["dealname": "x"])
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/read",
                             json: ["inputs": [["id": .string(id)], ["id": "999"]], "properties": ["dealname"]])
        #expect(r.status == 207)
        #expect(r.json["status"] == "COMPLETE")
        #expect(r.json["results"]?.arrayValue?.count == 1)
        #expect(r.json["numErrors"] == 1)
        #expect(r.json["errors"]?.hsItem(0)?["category"] == "OBJECT_NOT_FOUND")
        #expect(r.json["errors"]?.hsItem(0)?["context"]?["ids"] == ["999"])
        #expect(r.json["startedAt"] != nil && r.json["completedAt"] != nil)
    }

    @Test func upsertByIdPropertyCreatesOnceThenUpdates() async {
        let h = HubSpotHarness()
        let input: JSONValue = ["inputs": [["id": "rec-1", "idProperty": "dealsync_id", "properties": ["dealname": "First"]]]]
        let first = await h.send("POST", "/crm/v3/objects/deals/batch/upsert", json: input)
        #expect(first.status == 200)
        #expect(first.json["results"]?.hsItem(0)?["new"] == true)
        let id = first.json["results"]?.hsItem(0)?["id"]
        let again: JSONValue = ["inputs": [["id": "rec-1", "idProperty": "dealsync_id", "properties": ["dealname": "Second"]]]]
        let second = await h.send("POST", "/crm/v3/objects/deals/batch/upsert", json: again)
        #expect(second.json["results"]?.hsItem(0)?["new"] == false)
        #expect(second.json["results"]?.hsItem(0)?["id"] == id)
        // No duplicate: one record carries the DealSync id.
        let found = await h.send("POST", "/crm/v3/objects/deals/search",
                                 json: ["filterGroups": [["filters": [["propertyName": "dealsync_id", "operator": "EQ", "value": "rec-1"]]]],
                                        "properties": ["dealname"]])
        #expect(found.json["total"] == 1)
        #expect(found.json["results"]?.hsItem(0)?["properties"]?["dealname"] == "Second")
    }

    @Test func upsertNeedsAUniqueIdProperty() async {
        let h = HubSpotHarness()
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/upsert",
                             json: ["inputs": [["id": "x", "idProperty": "dealname", "properties": [:]]]])
        #expect(r.status == 400)
    }

    @Test func batchCreateIsAllOrNothingWithoutTraceIds() async {
        let h = HubSpotHarness()
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/create",
                             json: ["inputs": [["properties": ["dealname": "ok"]], ["properties": ["bogus": "x"]]]])
        #expect(r.status == 400)
        #expect(await h.send("POST", "/crm/v3/objects/deals/search", json: [:]).json["total"] == 3)
    }

    @Test func batchCreateWithTraceIdsAnswersPerInput() async {
        let h = HubSpotHarness()
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/create",
                             json: ["inputs": [["properties": ["dealname": "ok"], "objectWriteTraceId": "t1"],
                                               ["properties": ["bogus": "x"], "objectWriteTraceId": "t2"]]])
        #expect(r.status == 207)
        #expect(r.json["results"]?.hsItem(0)?["objectWriteTraceId"] == "t1")
        #expect(r.json["errors"]?.hsItem(0)?["context"]?["objectWriteTraceId"] == ["t2"])
    }

    @Test func batchUpdateReportsUnknownIdsAndRejectsDuplicates() async {
        let h = HubSpotHarness()
        let id = await h.createDeal(["dealname": "x"])
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/update",
                             json: ["inputs": [["id": .string(id), "properties": ["amount": "5"]], ["id": "1", "properties": ["amount": "6"]]]])
        #expect(r.status == 207)
        #expect(r.json["results"]?.hsItem(0)?["properties"]?["amount"] == "5")
        let dup = await h.send("POST", "/crm/v3/objects/deals/batch/update",
                               json: ["inputs": [["id": .string(id), "properties": [:]], ["id": .string(id), "properties": [:]]]])
        #expect(dup.status == 400)
    }

    @Test func batchArchiveIs204() async {
        let h = HubSpotHarness()
        let id = await h.createDeal(["dealname": "x"])
        let r = await h.send("POST", "/crm/v3/objects/deals/batch/archive", json: ["inputs": [["id": .string(id)], ["id": "77"]]])
        #expect(r.status == 204)
        #expect(await h.send("GET", "/crm/v3/objects/deals/\(id)").status == 404)
    }
}
