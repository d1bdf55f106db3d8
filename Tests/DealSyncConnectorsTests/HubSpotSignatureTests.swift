import DealSyncCore
import Foundation
import Testing
@testable import DealSyncConnectors

@Suite struct HubSpotSignatureTests {
    let connector = HubSpotConnector(
        client: APIClient(baseURL: "http://127.0.0.1:1", auth: .header(name: "x", value: "y")),
        webhookSecret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", properties: [:])

    @Test func matchesTheOfficialSDKTestVector() {
        let signature = HubSpotConnector.signatureV3(
            secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", method: "POST",
            uri: "https://www.example.com/webhook_uri", body: Data("{'example_field':'example_value'}".utf8),
            timestamp: "1693657560000")
        #expect(signature.base64EncodedString() == "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=")
    }

    func delivery(body: String, signature: String, timestamp: String) -> WebhookDelivery {
        WebhookDelivery(method: "POST", url: "https://www.example.com/webhook_uri",
                        headers: ["X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": timestamp],
                        body: Data(body.utf8))
    }

    @Test func validDeliveryBecomesHints() throws {
        let body = #"[{"objectId":512,"subscriptionType":"deal.propertyChange"},{"objectId":7,"subscriptionType":"contact.deletion"}]"#
        let ts = "1693657560000"
        let sig = HubSpotConnector.signatureV3(secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", method: "POST",
                                               uri: "https://www.example.com/webhook_uri", body: Data(body.utf8), timestamp: ts)
        let hints = try connector.parseWebhook(delivery(body: body, signature: sig.base64EncodedString(), timestamp: ts),
                                               now: Date(timeIntervalSince1970: 1693657560))
        #expect(hints == [ChangeHint(kind: .deal, externalID: "512", deleted: false),
                          ChangeHint(kind: .contact, externalID: "7", deleted: true)])
    }

    @Test func badSignatureStaleTimestampAndMalformedBodyAreRejected() throws {
        let now = Date(timeIntervalSince1970: 1693657560)
        let ts = "1693657560000"
        #expect(throws: SyncError.self) {
            try connector.parseWebhook(delivery(body: "[]", signature: Data(repeating: 1, count: 32).base64EncodedString(), timestamp: ts), now: now)
        }
        let body = "not json"
        let sig = HubSpotConnector.signatureV3(secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", method: "POST",
                                               uri: "https://www.example.com/webhook_uri", body: Data(body.utf8), timestamp: ts)
        do {
            _ = try connector.parseWebhook(delivery(body: body, signature: sig.base64EncodedString(), timestamp: ts), now: now)
            Issue.record("malformed body accepted")
        } catch let error as SyncError {
            #expect(error.kind == .validation)
        }
        do {
            _ = try connector.parseWebhook(delivery(body: body, signature: sig.base64EncodedString(), timestamp: ts),
                                           now: now.addingTimeInterval(301))
            Issue.record("stale delivery accepted")
        } catch let error as SyncError {
            #expect(error.kind == .auth)
        }
    }
}
