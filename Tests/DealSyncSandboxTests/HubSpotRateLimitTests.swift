import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotRateLimitTests {
    @Test func rollingWindowCountsDownThenRefills() {
        var limiter = HubSpotRateLimiter(max: 3, windowMillis: 10_000, daily: 100)
        #expect(limiter.admit(at: 0, search: false) == .allowed(remaining: 2, dailyRemaining: 99))
        #expect(limiter.admit(at: 1_000, search: false) == .allowed(remaining: 1, dailyRemaining: 98))
        #expect(limiter.admit(at: 2_000, search: false) == .allowed(remaining: 0, dailyRemaining: 97))
        #expect(limiter.admit(at: 9_999, search: false) == .limited(.tenSecondly))
        // The first request leaves the window at 10 s; one slot comes back.
        #expect(limiter.admit(at: 10_001, search: false) == .allowed(remaining: 0, dailyRemaining: 96))
    }

    @Test func dailyAllowanceResetsAtMidnight() {
        var limiter = HubSpotRateLimiter(max: 100, windowMillis: 10_000, daily: 2)
        _ = limiter.admit(at: 0, search: false)
        _ = limiter.admit(at: 1, search: true)
        #expect(limiter.admit(at: 2, search: false) == .limited(.daily))
        #expect(limiter.admit(at: 86_400_000, search: false) == .allowed(remaining: 99, dailyRemaining: 1))
    }

    @Test func searchHasItsOwnPerSecondLimit() {
        var limiter = HubSpotRateLimiter(max: 100, windowMillis: 10_000, daily: 1000, searchPerSecond: 5)
        for i in 0..<5 { #expect(limiter.admit(at: Int64(i), search: true) == .allowedSearch) }
        #expect(limiter.admit(at: 10, search: true) == .limited(.secondly))
        #expect(limiter.admit(at: 10, search: false) == .allowed(remaining: 99, dailyRemaining: 994))
        #expect(limiter.admit(at: 1_001, search: true) == .allowedSearch)
    }

    @Test func responsesCarryHubSpotHeadersAnd429Body() async {
        let h = HubSpotHarness(rateLimit: RateLimitSetting(limit: 2, window: .seconds(10)))
        let first = await h.send("GET", "/crm/v3/objects/deals")
        #expect(first.response.header("X-HubSpot-RateLimit-Max") == "2")
        #expect(first.response.header("X-HubSpot-RateLimit-Remaining") == "1")
        #expect(first.response.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
        #expect(first.response.header("X-HubSpot-RateLimit-Daily") == nil)   // OAuth tokens get no daily pair
        _ = await h.send("GET", "/crm/v3/objects/deals")
        let limited = await h.send("GET", "/crm/v3/objects/deals")
        #expect(limited.status == 429)
        #expect(limited.json["status"] == "error")
        #expect(limited.json["errorType"] == "RATE_LIMIT")
        #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
        #expect(limited.json["message"] == "You have reached your ten_secondly_rolling limit.")
        #expect(limited.response.header("X-HubSpot-RateLimit-Remaining") == "0")
        h.clock.advance(10.5)
        #expect(await h.send("GET", "/crm/v3/objects/deals").status == 200)
    }

    @Test func searchThrottleSaysSecondly() async {
        let h = HubSpotHarness()
        for _ in 0..<5 { _ = await h.send("POST", "/crm/v3/objects/deals/search", json: [:]) }
        let limited = await h.send("POST", "/crm/v3/objects/deals/search", json: [:])
        #expect(limited.status == 429)
        #expect(limited.json["message"] == "You have reached your secondly limit.")
        #expect(limited.response.header("X-HubSpot-RateLimit-Max") == nil)
    }
}
