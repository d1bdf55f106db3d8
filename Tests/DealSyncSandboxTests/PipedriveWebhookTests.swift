import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveWebhookTests {
    @Test func apiChangeSendsAV2PayloadWithBasicAuth() async throws {
        let h = PipedriveHarness()
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/webhooks/acme/pipedrive")
        _ = await h.send("PATCH", "/api/v2/deals/1", json: ["value": 4321, "stage_id": 5])
        await h.emulator.flushWebhooks()

        let delivery = try #require(h.transport.deliveries.first)
        #expect(h.transport.deliveries.count == 1)
        #expect(delivery.url == "http://127.0.0.1:1/webhooks/acme/pipedrive")
        let creds = h.emulator.credentials
        let expected = Data("\(creds["webhook_user"]!):\(creds["webhook_password"]!)".utf8).base64EncodedString()
        #expect(delivery.headers["Authorization"] == "Basic \(expected)")
        let meta = delivery.json["meta"]
        #expect(meta?["action"] == "change")
        #expect(meta?["entity"] == "deal")
        #expect(meta?["entity_id"] == "1")
        #expect(meta?["version"] == "2.0")
        #expect(meta?["change_source"] == "api")
        #expect(meta?["user_id"] == "1")
        #expect(meta?["company_id"] == "7700001")
        #expect(meta?["attempt"] == 1)
        #expect(meta?["timestamp"] == "2026-01-01T00:00:00.000Z")
        #expect(delivery.json["data"]?["value"] == 4321)
        #expect(delivery.json["data"]?["stage_id"] == 5)
        let previous = delivery.json["previous"]?.objectValue ?? [:]
        #expect(previous["value"] == 1000)
        #expect(previous["stage_id"] == 4)
        #expect(previous["title"] == nil)
    }

    @Test func humanEditIsAnAppChangeByTheOwnerAndAdvancesUpdateTime() async throws {
        let h = PipedriveHarness()
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/hook")
        let before = await h.send("GET", "/api/v2/deals/2").data["update_time"]
        let edited = try await h.emulator.applyHumanEdit(SandboxEdit(object: "deals", id: "2", fields: ["DealSync Score": 12]))
        #expect(edited["update_time"] != before)
        let key = try #require(h.emulator.customFieldKey(object: "deal", name: "DealSync Score"))
        #expect(edited["custom_fields"]?[key] == 12)
        _ = try await h.emulator.applyHumanEdit(SandboxEdit(object: "person", id: nil, fields: ["name": "Walk In"]))
        _ = try await h.emulator.applyHumanEdit(SandboxEdit(object: "organization", id: "1", delete: true))
        await h.emulator.flushWebhooks()

        let payloads = h.transport.deliveries.map(\.json)
        #expect(payloads.map { $0["meta"]?["action"] } == ["change", "create", "delete"])
        #expect(payloads.allSatisfy { $0["meta"]?["change_source"] == "app" })
        #expect(payloads[0]["meta"]?["user_id"] == "3")  // deal 2 belongs to Bo (user 3)
        #expect(payloads[0]["data"]?["custom_fields"]?[key] == ["type": "double", "value": 12])
        #expect(payloads[0]["previous"]?["custom_fields"]?[key] == .null)
        #expect(payloads[1]["previous"] == .null)
        #expect(payloads[2]["data"] == .null)
        #expect(payloads[2]["previous"]?["name"] == "Company 0")
        await #expect(throws: SandboxEditError.self) {
            try await h.emulator.applyHumanEdit(SandboxEdit(object: "lead", id: "1"))
        }
    }

    @Test func failedDeliveriesAreRetriedWithTheAttemptCounted() async throws {
        let h = PipedriveHarness()
        h.transport.failNext(2)
        await h.emulator.setWebhookTarget("http://127.0.0.1:1/hook")
        _ = await h.send("DELETE", "/api/v2/deals/1")
        await h.emulator.flushWebhooks()
        #expect(h.transport.deliveries.map { $0.json["meta"]?["attempt"] } == [1, 2, 3])
        let hooks = await h.send("GET", "/v1/webhooks")
        #expect(hooks.data.arrayValue?.first?["last_http_status"] == 200)
    }

    @Test func webhooksRegisteredThroughTheAPIFilterByObjectAndAction() async throws {
        let h = PipedriveHarness()
        let created = await h.send("POST", "/v1/webhooks", json: ["subscription_url": "http://127.0.0.1:1/p", "event_action": "create",
                                                                 "event_object": "person", "name": "people", "version": "2.0",
                                                                 "http_auth_user": "u", "http_auth_password": "p"])
        #expect(created.status == 201)
        let hookID = try #require(created.data["id"]?.intValue)
        _ = await h.send("POST", "/api/v2/deals", json: ["title": "not announced"])
        _ = await h.send("POST", "/api/v2/persons", json: ["name": "Announced"])
        await h.emulator.flushWebhooks()
        #expect(h.transport.deliveries.map { $0.json["meta"]?["entity"] } == ["person"])
        #expect(h.transport.deliveries.first?.headers["Authorization"] == "Basic " + Data("u:p".utf8).base64EncodedString())
        #expect(await h.send("POST", "/v1/webhooks", json: ["subscription_url": "nope", "event_action": "create",
                                                           "event_object": "deal"]).status == 400)
        #expect(await h.send("DELETE", "/v1/webhooks/\(hookID)").json == ["status": "ok", "success": true])
        #expect(await h.send("DELETE", "/v1/webhooks/\(hookID)").status == 404)
    }
}

@Suite struct PipedriveWebhookV1Tests {
    @Test func version1SubscriptionsGetTheV1BodyAndRetryCounter() async throws {
        let h = PipedriveHarness()
        h.transport.failNext(1)
        let created = await h.send("POST", "/v1/webhooks", json: ["subscription_url": "http://127.0.0.1:1/v1", "event_action": "updated",
                                                                 "event_object": "deal", "name": "legacy", "version": "1.0"])
        #expect(created.data["version"] == "1.0")
        _ = await h.send("PUT", "/v1/deals/1", json: ["title": "Renamed"])
        await h.emulator.flushWebhooks()
        let bodies = h.transport.deliveries.map(\.json)
        #expect(bodies.map { $0["retry"] } == [0, 1])
        let body = try #require(bodies.last)
        #expect(body["event"] == "updated.deal")
        #expect(body["meta"]?["action"] == "updated")
        #expect(body["meta"]?["id"] == 1)
        #expect(body["current"]?["title"] == "Renamed")
        #expect(body["previous"]?["title"] == "Deal 0")
        #expect(body["current"]?["user_id"] == 2)
    }
}
