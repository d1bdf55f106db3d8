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
