import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveV2Tests {
    @Test func seedsOnlyPipedriveEntitiesWithPipedrivesOwnValues() async throws {
        let h = PipedriveHarness()
        let deals = await h.v2All("/api/v2/deals", limit: 100).items
        #expect(deals.count == 5)
        let deal1 = try #require(deals.first { $0["id"] == 2 })
        #expect(deal1["value"] == 999)  // Pipedrive's stale copy of the amount
        #expect(deal1["currency"] == "EUR")
        #expect(deal1["pipeline_id"] == 1)
        #expect(deal1["stage_id"] == 4)
        #expect(deal1["expected_close_date"] == "2026-03-31")
        #expect(deal1["add_time"] == "2025-01-01T00:01:00Z")
        let won = try #require(deals.first { $0["title"] == "Deal 2" })
        #expect(won["status"] == "won")
        #expect(won["won_time"]?.stringValue != nil)
        #expect(deals.first { $0["title"] == "Deal 4" }?["status"] == "lost")
        let persons = await h.v2All("/api/v2/persons", limit: 100).items
        #expect(persons.count == 5)
        #expect(persons.first?["phones"]?.arrayValue?.first?["value"] == "+372 59999")
        #expect(persons.first?["emails"] == [["value": "person0@company0.test", "primary": true, "label": "work"]])
        let orgs = await h.v2All("/api/v2/organizations", limit: 100).items
        #expect(orgs.count == 5)
        #expect(orgs.first?["address"]?["value"] == "Tallinn, EE")
    }

    @Test func cursorPagingVisitsEveryDealOnceInOrder() async {
        let h = PipedriveHarness(world: pipedriveTestWorld(deals: 11))
        let byID = await h.v2All("/api/v2/deals", limit: 3)
        #expect(byID.items.ids == Array(1...11))
        #expect(byID.pages == 4)
        let desc = await h.v2All("/api/v2/deals", query: [("sort_by", "update_time"), ("sort_direction", "desc")], limit: 4)
        #expect(desc.items.ids == Array((1...11).reversed()))
    }

    @Test func updatedSinceIsInclusiveAndSeesChangesMadeAfterwards() async {
        let h = PipedriveHarness(world: pipedriveTestWorld(deals: 8))
        // Deal i (id i+1) was modified at 2025-01-01T02:00Z + i hours.
        let since = await h.v2All("/api/v2/deals", query: [("updated_since", "2025-01-01T05:00:00Z"), ("sort_by", "update_time")])
        #expect(since.items.ids == [4, 5, 6, 7, 8])
        let window = await h.send("GET", "/api/v2/deals", query: [("updated_since", "2025-01-01T04:00:00+01:00"),
                                                                 ("updated_until", "2025-01-01T05:00:00Z")])
        #expect(window.data.ids == [2, 3])

        let patched = await h.send("PATCH", "/api/v2/deals/1", json: ["value": 5000])
        #expect(patched.status == 200)
        #expect(patched.data["update_time"] == "2026-01-01T00:00:00Z")
        let after = await h.send("GET", "/api/v2/deals", query: [("updated_since", "2025-12-31T23:59:59Z")])
        #expect(after.data.ids == [1])
    }

    @Test func createPatchDeleteAndDeletedDealsStayDiscoverable() async throws {
        let h = PipedriveHarness()
        let created = await h.send("POST", "/api/v2/deals", json: ["title": "New", "value": 10, "currency": "USD", "person_id": 1])
        #expect(created.status == 200)
        let id = try #require(created.data["id"]?.intValue)
        #expect(id == 6)
        #expect(created.data["status"] == "open")
        #expect(created.data["stage_id"] == 1)
        #expect(created.data["owner_id"] == 1)

        let won = await h.send("PATCH", "/api/v2/deals/\(id)", json: ["status": "won", "stage_id": 5])
        #expect(won.data["status"] == "won")
        #expect(won.data["won_time"] == "2026-01-01T00:00:00Z")
        #expect(won.data["close_time"] == "2026-01-01T00:00:00Z")

        let deleted = await h.send("DELETE", "/api/v2/deals/\(id)")
        #expect(deleted.json == ["success": true, "data": ["id": .number(Double(id))]])
        #expect(await h.send("GET", "/api/v2/deals").data.ids.contains(id) == false)
        let listed = await h.send("GET", "/api/v2/deals", query: [("status", "deleted")])
        #expect(listed.data.ids == [id])
        #expect(listed.data.arrayValue?.first?["is_deleted"] == true)
        #expect(await h.send("PATCH", "/api/v2/deals/\(id)", json: ["title": "again"]).status == 404)
        #expect(await h.send("DELETE", "/api/v2/persons/1").status == 200)
        #expect(await h.send("GET", "/api/v2/persons/1").status == 404)
    }

    @Test func validationErrorsUsePipedrivesEnvelope() async {
        let h = PipedriveHarness()
        let missing = await h.send("POST", "/api/v2/deals", json: ["value": 10])
        #expect(missing.status == 400)
        #expect(missing.json["success"] == false)
        #expect(missing.json["error"]?.stringValue?.contains("title") == true)
        #expect(missing.json["error_info"] == "Please check developers.pipedrive.com")
        #expect(await h.send("POST", "/api/v2/deals", json: ["title": "x", "owner_id": "2"]).status == 400)
        #expect(await h.send("POST", "/api/v2/deals", json: ["title": "x", "probability": 150]).status == 400)
        #expect(await h.send("POST", "/api/v2/deals", json: ["title": "x", "custom_fields": ["nope": 1]]).status == 400)
        #expect(await h.send("POST", "/api/v2/persons", json: ["name": "x", "emails": [["primary": true]]]).status == 400)
        #expect(await h.send("GET", "/api/v2/deals", query: [("limit", "501")]).status == 400)
        #expect(await h.send("GET", "/api/v2/deals", query: [("updated_since", "2025-01-01T00:00:00.123Z")]).status == 400)
        #expect(await h.send("GET", "/api/v2/deals", query: [("cursor", "garbage")]).status == 400)
        let unknown = await h.send("GET", "/api/v2/deals/999")
        #expect(unknown.status == 404)
        #expect(unknown.json["error"] == "Deal not found")
        #expect(await h.send("GET", "/api/v2/nothing").status == 404)
    }

    @Test func customFieldsHaveDeterministicHashKeysAndRoundTrip() async throws {
        let h = PipedriveHarness()
        let fields = await h.send("GET", "/api/v2/dealFields", query: [("limit", "500")])
        let custom = (fields.data.arrayValue ?? []).filter { $0["is_custom_field"] == true }
        #expect(Set(custom.compactMap { $0["field_name"]?.stringValue })
                == ["DealSync ID", "DealSync Score", "DealSync Risk", "DealSync Next Action"])
        let hexDigits = Set("0123456789abcdef")
        for field in custom {
            let key = field["field_code"]?.stringValue ?? ""
            #expect(key.count == 40 && key.allSatisfy(hexDigits.contains))
        }
        let again = await PipedriveHarness().send("GET", "/api/v2/dealFields")
        #expect(again.data == fields.data)
        let other = await PipedriveHarness(world: pipedriveTestWorld(deals: 7)).send("GET", "/api/v2/dealFields")
        #expect(other.data != fields.data)

        let scoreKey = try #require(h.emulator.customFieldKey(object: "deal", name: "DealSync Score"))
        let idKey = try #require(h.emulator.customFieldKey(object: "deal", name: "DealSync ID"))
        let patched = await h.send("PATCH", "/api/v2/deals/1", json: ["custom_fields": [.init(stringLiteral: scoreKey): 71.5,
                                                                                         .init(stringLiteral: idKey): "0190-abc"]])
        #expect(patched.data["custom_fields"]?[scoreKey] == 71.5)
        #expect(await h.send("PATCH", "/api/v2/deals/1", json: ["custom_fields": [.init(stringLiteral: scoreKey): "high"]]).status == 400)
        let narrowed = await h.send("GET", "/api/v2/deals/1", query: [("custom_fields", idKey)])
        #expect(narrowed.data["custom_fields"] == [.init(stringLiteral: idKey): "0190-abc"])
        let found = await h.send("GET", "/api/v2/deals/search", query: [("term", "0190-abc"), ("fields", "custom_fields"),
                                                                        ("exact_match", "true")])
        #expect(found.data["items"]?.arrayValue?.map { $0["item"]?["id"] } == [1])
        let personFields = await h.send("GET", "/api/v2/personFields")
        #expect(personFields.data.arrayValue?.contains { $0["field_name"] == "DealSync ID" && $0["is_custom_field"] == true } == true)
    }

    @Test func stagesAndPipelines() async {
        let h = PipedriveHarness()
        let stages = await h.send("GET", "/api/v2/stages", query: [("pipeline_id", "1")])
        #expect(stages.data.arrayValue?.compactMap { $0["name"]?.stringValue }
                == ["Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"])
        #expect(await h.send("GET", "/api/v2/pipelines/1").data["name"] == "Sales pipeline")
        #expect(await h.send("GET", "/v1/stages").data.arrayValue?.count == 5)
    }
}
