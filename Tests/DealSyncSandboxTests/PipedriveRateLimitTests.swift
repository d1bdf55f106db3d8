import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveRateLimitTests {
    @Test func everyReplyCarriesTheBurstAndDailyHeaders() async {
        let h = PipedriveHarness()
        let reply = await h.send("GET", "/api/v2/deals")
        #expect(reply.response.header("x-ratelimit-limit") == "80")
        #expect(reply.response.header("x-ratelimit-remaining") == "79")
        #expect(reply.response.header("x-ratelimit-reset") == "2")
        #expect(reply.response.header("x-daily-ratelimit-token-remaining") == String(1_500_000 - 10))
        #expect(reply.response.header("x-daily-requests-left") == "10000")
        _ = await h.send("POST", "/api/v2/deals", json: ["title": "w"])
        #expect(await h.send("GET", "/api/v2/deals/1").response.header("x-daily-requests-left") == "9999")
    }

    @Test func burstLimitAnswers429UntilTheWindowRollsOn() async {
        let h = PipedriveHarness(rateLimit: RateLimitSetting(limit: 3, window: .seconds(2)))
        for _ in 0..<3 { #expect(await h.send("GET", "/api/v2/deals").status == 200) }
        let refused = await h.send("GET", "/api/v2/deals")
        #expect(refused.status == 429)
        #expect(refused.json["success"] == false)
        #expect(refused.json["errorCode"] == 429)
        #expect(refused.response.header("x-ratelimit-remaining") == "0")
        #expect(refused.response.header("x-ratelimit-reset") == "2")
        h.clock.advance(2.5)
        #expect(await h.send("GET", "/api/v2/deals").status == 200)
    }

    @Test func dailyTokenBudgetIsSpentByTokenCost() async {
        let h = PipedriveHarness(dailyLimit: 25)
        #expect(await h.send("GET", "/api/v2/deals").status == 200)  // 10
        #expect(await h.send("GET", "/v1/deals/1").status == 200)  // 2
        #expect(await h.send("GET", "/api/v2/deals").status == 200)  // 10 → 22 spent
        let refused = await h.send("GET", "/api/v2/deals")
        #expect(refused.status == 429)
        #expect(refused.response.header("x-daily-ratelimit-token-remaining") == "3")
        #expect(await h.send("GET", "/api/v2/deals/1").status == 200)  // 1 still fits
        h.clock.advance(86_400)
        #expect(await h.send("GET", "/api/v2/deals").status == 200)
    }

    @Test func injectedThrottleUsesPipedrivesShape() {
        let h = PipedriveHarness()
        let response = h.emulator.rateLimitedResponse(retryAfterSeconds: 7)
        #expect(response.status == 429)
        #expect(response.header("x-ratelimit-reset") == "7")
        #expect(h.emulator.unauthorizedResponse().status == 401)
    }
}

@Suite struct PipedriveSearchLimitTests {
    @Test func searchHasItsOwnTenPerTwoSecondsBucket() async {
        let h = PipedriveHarness()
        for _ in 0..<10 {
            #expect(await h.send("GET", "/api/v2/persons/search", query: [("term", "person")]).status == 200)
        }
        let refused = await h.send("GET", "/api/v2/persons/search", query: [("term", "person")])
        #expect(refused.status == 429)
        #expect(refused.response.header("x-ratelimit-limit") == "10")
        #expect(await h.send("GET", "/api/v2/persons").status == 200)
        h.clock.advance(2.1)
        #expect(await h.send("GET", "/v1/persons/search", query: [("term", "person")]).status == 200)
    }
}
