import DealSyncCore
import DealSyncQueue
import Foundation
import Testing

@Suite("Rate-limit headers")
struct RateLimitHeadersTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("Salesforce Sforce-Limit-Info gives the daily budget")
    func salesforce() {
        let s = RateLimitHeaders.salesforce(HeaderFields(["sforce-limit-info": "api-usage=25/15000"]))
        #expect(s.dailyLimit == 15000)
        #expect(s.dailyRemaining == 14975)
        #expect(s.burstLimit == nil)
        let bursts = RateLimitHeaders.salesforce(HeaderFields(["Sforce-Limit-Info": "api-usage=18/15000; api-bursts=1/750"]))
        #expect(bursts.dailyRemaining == 14982)
        #expect(RateLimitHeaders.salesforce(HeaderFields(["Sforce-Limit-Info": "garbage"])) == RateLimitSnapshot())
    }

    @Test("HubSpot window and daily headers; a 429 without Retry-After waits one interval")
    func hubspot() {
        let headers = HeaderFields([
            "X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "97",
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Daily": "250000", "X-HubSpot-RateLimit-Daily-Remaining": "249000",
        ])
        let ok = RateLimitHeaders.hubspot(headers, status: 200, now: now)
        #expect(ok == RateLimitSnapshot(burstLimit: 100, burstRemaining: 97, burstWindow: .seconds(10),
                                        dailyLimit: 250_000, dailyRemaining: 249_000))
        #expect(RateLimitHeaders.hubspot(headers, status: 429, now: now).retryAt == now.addingTimeInterval(10))
        let withRetry = HeaderFields(["x-hubspot-ratelimit-max": "100", "Retry-After": "3"])
        #expect(RateLimitHeaders.hubspot(withRetry, status: 429, now: now).retryAt == now.addingTimeInterval(3))
    }

    @Test("Pipedrive burst, reset and daily headers")
    func pipedrive() {
        let headers = HeaderFields([
            "x-ratelimit-limit": "40", "x-ratelimit-remaining": "39", "x-ratelimit-reset": "2",
            "x-daily-requests-left": "9999",
        ])
        let ok = RateLimitHeaders.pipedrive(headers, status: 200, now: now)
        #expect(ok.burstLimit == 40)
        #expect(ok.burstRemaining == 39)
        #expect(ok.burstWindow == .seconds(2))
        #expect(ok.dailyRemaining == 9999)
        #expect(ok.retryAt == nil)
        let empty = HeaderFields(["x-ratelimit-limit": "40", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"])
        #expect(RateLimitHeaders.pipedrive(empty, status: 200, now: now).retryAt == now.addingTimeInterval(1))
        #expect(RateLimitHeaders.pipedrive(headers, status: 429, now: now).retryAt == now.addingTimeInterval(2))
        let tokens = HeaderFields(["x-daily-ratelimit-token-limit": "30000", "x-daily-ratelimit-token-remaining": "120",
                                   "x-daily-requests-left": "5"])
        let t = RateLimitHeaders.pipedrive(tokens, status: 200, now: now)
        #expect(t.dailyLimit == 30000)
        #expect(t.dailyRemaining == 120)
    }

    @Test("Retry-After as fractional seconds or an HTTP-date")
    func retryAfter() {
        #expect(RateLimitHeaders.retryAfter(HeaderFields(["Retry-After": "2.5"]), now: now) == now.addingTimeInterval(2.5))
        let date = RateLimitHeaders.retryAfter(HeaderFields(["retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"]), now: now)
        #expect(date == Date(timeIntervalSince1970: 1_445_412_480))
        #expect(RateLimitHeaders.retryAfter(HeaderFields(["Retry-After": "soon"]), now: now) == nil)
    }
}
