import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveAuthTests {
    @Test func apiTokenWorksAsHeaderAndAsLegacyQueryParameter() async {
        let h = PipedriveHarness()
        let header = await h.send("GET", "/api/v2/deals")
        #expect(header.status == 200)
        let query = await h.send("GET", "/v1/deals", query: [("api_token", h.apiToken)], headers: [])
        #expect(query.status == 200)
        #expect(query.json["success"] == true)
    }

    @Test func missingOrWrongTokenGetsTheGatewayUnauthorizedBody() async {
        let h = PipedriveHarness()
        for headers: [(name: String, value: String)] in [[], [("x-api-token", "0000")], [("Authorization", "Bearer nope")]] {
            let reply = await h.send("GET", "/api/v2/deals", headers: headers)
            #expect(reply.status == 401)
            #expect(reply.json == ["success": false, "error": "unauthorized access", "errorCode": 401,
                                   "error_info": "Please check developers.pipedrive.com"])
        }
    }

    @Test func oauthRefreshWithBasicClientAuthMintsABearerTokenThatExpires() async throws {
        let h = PipedriveHarness(tokenLifetime: 600)
        let creds = h.emulator.credentials
        let initial = try #require(creds["access_token"])
        #expect(await h.send("GET", "/api/v2/deals", headers: [("Authorization", "Bearer \(initial)")]).status == 200)

        h.clock.advance(601)
        #expect(await h.send("GET", "/api/v2/deals", headers: [("Authorization", "Bearer \(initial)")]).status == 401)

        let basic = Data("\(creds["client_id"]!):\(creds["client_secret"]!)".utf8).base64EncodedString()
        let form = "grant_type=refresh_token&refresh_token=\(creds["refresh_token"]!.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let token = await h.send("POST", "/oauth/token",
                                 headers: [("Authorization", "Basic \(basic)"), ("Host", "127.0.0.1:9999")], body: Data(form.utf8))
        #expect(token.status == 200)
        #expect(token.json["token_type"] == "Bearer")
        #expect(token.json["expires_in"] == 600)
        #expect(token.json["refresh_token"]?.stringValue == creds["refresh_token"])
        #expect(token.json["api_domain"] == "http://127.0.0.1:9999/pipedrive")
        #expect(token.json["scope"]?.stringValue?.contains("deals:full") == true)
        let fresh = try #require(token.json["access_token"]?.stringValue)
        #expect(fresh != initial)
        #expect(await h.send("GET", "/api/v2/deals", headers: [("Authorization", "Bearer \(fresh)")]).status == 200)
    }

    @Test func tokenEndpointRefusesWrongClientAndWrongRefreshToken() async {
        let h = PipedriveHarness()
        let creds = h.emulator.credentials
        let wrongClient = Data("\(creds["client_id"]!):bad".utf8).base64EncodedString()
        let refused = await h.send("POST", "/oauth/token", headers: [("Authorization", "Basic \(wrongClient)")],
                                   body: Data("grant_type=refresh_token&refresh_token=x".utf8))
        #expect(refused.status == 401)
        #expect(refused.json["error"] == "invalid_client")

        let basic = Data("\(creds["client_id"]!):\(creds["client_secret"]!)".utf8).base64EncodedString()
        let badGrant = await h.send("POST", "/oauth/token", headers: [("Authorization", "Basic \(basic)")],
                                    body: Data("grant_type=refresh_token&refresh_token=stale".utf8))
        #expect(badGrant.status == 400)
        #expect(badGrant.json["error"] == "invalid_grant")
    }

    @Test func credentialsFollowTheSeed() {
        let a = PipedriveHarness().emulator.credentials
        let b = PipedriveHarness().emulator.credentials
        let c = PipedriveHarness(world: pipedriveTestWorld(deals: 6)).emulator.credentials
        #expect(a["api_token"] == b["api_token"])
        #expect(a["api_token"] != c["api_token"])
        #expect(a["api_token"]?.count == 40)
        for key in ["access_token", "refresh_token", "client_id", "client_secret", "webhook_user", "webhook_password"] {
            #expect(a[key]?.isEmpty == false, "missing \(key)")
        }
    }
}
