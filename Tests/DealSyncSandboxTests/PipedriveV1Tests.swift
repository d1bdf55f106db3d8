import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveV1Tests {
    @Test func offsetPaginationReportsMoreItemsAndNextStart() async {
        let h = PipedriveHarness(world: pipedriveTestWorld(deals: 7))
        var ids: [Int] = [], start = 0, pages = 0
        while true {
            let reply = await h.send("GET", "/v1/deals", query: [("start", String(start)), ("limit", "3"), ("sort", "update_time ASC")])
            let page = reply.json["additional_data"]?["pagination"]
            #expect(page?["start"]?.intValue == start)
            #expect(page?["limit"] == 3)
            ids += reply.data.ids
            pages += 1
            guard page?["more_items_in_collection"] == true, let next = page?["next_start"]?.intValue else {
                #expect(page?["next_start"] == nil)
                break
            }
            start = next
        }
        #expect(ids == Array(1...7))
        #expect(pages == 3)
        let empty = await h.send("GET", "/api/v1/deals", query: [("start", "100")])
        #expect(empty.status == 200)
        #expect(empty.data == .null)
    }

    @Test func v1DealShapeNestsReferencesAndPutsCustomFieldsAtTopLevel() async throws {
        let h = PipedriveHarness()
        let key = try #require(h.emulator.customFieldKey(object: "deal", name: "DealSync Risk"))
        let updated = await h.send("PUT", "/v1/deals/1", json: [.init(stringLiteral: key): "stalled", "value": "1500.5"])
        #expect(updated.status == 200)
        let deal = updated.data
        #expect(deal[key] == "stalled")
        #expect(deal["value"] == 1500.5)
        #expect(deal["user_id"]?["email"] == "ada@seller.test")
        #expect(deal["person_id"]?["value"] == 1)
        #expect(deal["org_id"]?["name"] == "Company 0")
        #expect(deal["update_time"] == "2026-01-01 00:00:00")
        #expect(deal["active"] == true)
        #expect(deal["deleted"] == false)
        #expect(updated.json["related_objects"]?["user"]?["2"]?["name"] == "Ada Owner")
        let v2 = await h.send("GET", "/api/v2/deals/1")
        #expect(v2.data["custom_fields"]?[key] == "stalled")
    }

    @Test func v1CreateAnswers201AndValidates() async {
        let h = PipedriveHarness()
        let created = await h.send("POST", "/v1/persons", json: ["name": "Mia Muster", "email": "mia@x.test", "org_id": 2])
        #expect(created.status == 201)
        #expect(created.data["email"]?.arrayValue?.first?["value"] == "mia@x.test")
        #expect(created.data["first_name"] == "Mia")
        #expect(created.data["org_id"]?["value"] == 2)
        let missing = await h.send("POST", "/v1/deals", json: ["value": 3])
        #expect(missing.status == 400)
        #expect(missing.json["error"] == "Deal title must be given.")
        #expect(await h.send("DELETE", "/v1/organizations/3").json == ["success": true, "data": ["id": 3]])
        #expect(await h.send("GET", "/v1/organizations/3").status == 404)
    }

    @Test func recentsListsChangesSinceATimestampAcrossTypesWithDeletes() async throws {
        let h = PipedriveHarness()
        _ = await h.send("PATCH", "/api/v2/persons/2", json: ["job_title": "CEO"])
        h.clock.advance(5)
        _ = await h.send("DELETE", "/api/v2/deals/3")
        h.clock.advance(5)
        _ = await h.send("POST", "/api/v2/organizations", json: ["name": "Fresh Org"])

        let all = await h.send("GET", "/v1/recents", query: [("since_timestamp", "2025-12-31 23:00:00")])
        let items = all.data.arrayValue ?? []
        #expect(items.map { $0["item"] } == ["person", "deal", "organization"])
        #expect(items[1]["data"]?["deleted"] == true)
        #expect(items[1]["data"]?["status"] == "deleted")
        #expect(items[1]["data"]?["user_id"]?.intValue != nil)  // flat ids inside recents
        #expect(all.json["additional_data"]?["last_timestamp_on_page"] == "2026-01-01 00:00:10")

        let deals = await h.send("GET", "/v1/recents", query: [("since_timestamp", "2025-12-31 23:00:00"), ("items", "deal")])
        #expect(deals.data.arrayValue?.map { $0["id"] } == [3])
        let paged = await h.send("GET", "/v1/recents", query: [("since_timestamp", "2025-12-31 23:00:00"), ("limit", "2")])
        #expect(paged.json["additional_data"]?["pagination"]?["more_items_in_collection"] == true)
        #expect(paged.json["additional_data"]?["pagination"]?["next_start"] == 2)
        #expect(await h.send("GET", "/v1/recents", query: [("since_timestamp", "2025-12-31T23:00:00Z")]).status == 400)
    }

    @Test func v1DealFieldsListCustomKeysAndOwnerAsUserID() async {
        let h = PipedriveHarness()
        let fields = await h.send("GET", "/v1/dealFields")
        let keys = (fields.data.arrayValue ?? []).compactMap { $0["key"]?.stringValue }
        #expect(keys.contains("user_id"))
        #expect(keys.contains(h.emulator.customFieldKey(object: "deal", name: "DealSync Next Action")!))
        #expect(fields.json["additional_data"]?["pagination"]?["more_items_in_collection"] == false)
        #expect(await h.send("GET", "/v1/users/me").data["id"] == 1)
    }
}
