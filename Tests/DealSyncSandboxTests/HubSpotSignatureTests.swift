import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotSignatureTests {
    /// The worked example from HubSpot's official Python SDK tests (hubspot/utils/signature).
    @Test func v3MatchesHubSpotsWorkedExample() {
        let signature = HubSpotSignature.v3(secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", method: "POST",
                                            uri: "https://www.example.com/webhook_uri",
                                            body: Data("{'example_field':'example_value'}".utf8), timestamp: "1693657560000")
        #expect(signature == "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=")
    }

    /// Frozen from Python: hashlib.sha256(secret + body).hexdigest().
    @Test func v1IsSHA256OfSecretAndBody() {
        let signature = HubSpotSignature.v1(secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", body: Data("[{\"eventId\":1}]".utf8))
        #expect(signature == "0a406da2f8a0f8cc89b59bfa3d27324309debbc007258c14d82be82474cc7bea")
    }

    @Test func v3ChangesWithEveryInput() {
        let base = HubSpotSignature.v3(secret: "s", method: "POST", uri: "http://h/x", body: Data("[]".utf8), timestamp: "1")
        #expect(base != HubSpotSignature.v3(secret: "t", method: "POST", uri: "http://h/x", body: Data("[]".utf8), timestamp: "1"))
        #expect(base != HubSpotSignature.v3(secret: "s", method: "POST", uri: "http://h/y", body: Data("[]".utf8), timestamp: "1"))
        #expect(base != HubSpotSignature.v3(secret: "s", method: "POST", uri: "http://h/x", body: Data("[ ]".utf8), timestamp: "1"))
        #expect(base != HubSpotSignature.v3(secret: "s", method: "POST", uri: "http://h/x", body: Data("[]".utf8), timestamp: "2"))
    }
}

@Suite struct HubSpotTimeTests {
    @Test func formatsWithMillisecondsInUTC() {
        #expect(HubSpotTime.iso(millis: 1_705_521_304_281) == "2024-01-17T19:55:04.281Z")
        #expect(HubSpotTime.iso(millis: 0) == "1970-01-01T00:00:00.000Z")
    }

    @Test func parsesEveryWireForm() {
        #expect(HubSpotTime.parse("1705521304281") == 1_705_521_304_281)
        #expect(HubSpotTime.parse("2024-01-17T19:55:04.281Z") == 1_705_521_304_281)
        #expect(HubSpotTime.parse("2024-01-17T19:55:04Z") == 1_705_521_304_000)
        #expect(HubSpotTime.parse("2024-01-17T20:55:04.281+01:00") == 1_705_521_304_281)
        #expect(HubSpotTime.parse("2024-06-30") == 1_719_705_600_000)
        #expect(HubSpotTime.parse("not a date") == nil)
        #expect(HubSpotTime.parse("2024-13-01") == nil)
    }
}
