import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct FaultPlanTests {
    @Test func certainErrorPicksOneOfTheStatusesAndCountExpires() {
        var plan = FaultPlan(seed: 1, service: "hubspot")
        plan.add(FaultRule(path: "/crm", errorRate: 1, errorStatuses: [502, 503], remaining: 2))
        let first = plan.decide(method: "GET", path: "/crm/v3/objects/deals", authenticated: true)
        let second = plan.decide(method: "POST", path: "/crm/v3/objects/deals/search", authenticated: true)
        let third = plan.decide(method: "GET", path: "/crm/v3/objects/deals", authenticated: true)
        for d in [first, second] {
            guard case .error(let status) = d.action else { Issue.record("expected an error, got \(d.action)"); continue }
            #expect([502, 503].contains(status))
        }
        #expect(third.action == .pass)
        #expect(plan.rules.isEmpty)
    }

    @Test func rulesMatchByPathPrefixAndMethod() {
        var plan = FaultPlan(seed: 1, service: "x")
        plan.add(FaultRule(path: "/api/v2/deals", method: "patch", throttleRate: 1, retryAfterSeconds: 7))
        #expect(plan.decide(method: "GET", path: "/api/v2/deals/1", authenticated: true).action == .pass)
        #expect(plan.decide(method: "PATCH", path: "/api/v2/persons/1", authenticated: true).action == .pass)
        #expect(plan.decide(method: "PATCH", path: "/api/v2/deals/1", authenticated: true).action == .throttle(retryAfterSeconds: 7))
    }

    @Test func revocationHitsOnlyRequestsCarryingATokenAndLatenciesAdd() {
        var plan = FaultPlan(seed: 1, service: "x")
        plan.add(FaultRule(latency: .milliseconds(100), revokeTokens: true))
        plan.add(FaultRule(path: "/a", latency: .milliseconds(50)))
        let authed = plan.decide(method: "GET", path: "/a/b", authenticated: true)
        #expect(authed.action == .revoke)
        #expect(authed.latency == .milliseconds(150))
        let anonymous = plan.decide(method: "POST", path: "/oauth/token", authenticated: false)
        #expect(anonymous.action == .pass)
        #expect(anonymous.latency == .milliseconds(100))
    }

    @Test func ratesAreSeededAndRoughlyHonoured() {
        func run(seed: UInt64) -> [FaultDecision.Action] {
            var plan = FaultPlan(seed: seed, service: "hubspot")
            plan.add(FaultRule(errorRate: 0.3, errorStatuses: [500]))
            return (0..<2000).map { _ in plan.decide(method: "GET", path: "/", authenticated: false).action }
        }
        let a = run(seed: 5)
        #expect(a == run(seed: 5), "same seed, same faults")
        #expect(a != run(seed: 6))
        let errors = a.filter { $0 == .error(status: 500) }.count
        #expect((500...700).contains(errors), "about 30% of 2000: \(errors)")
    }

    @Test func eachActionKindCanFire() {
        var plan = FaultPlan(seed: 1, service: "x")
        plan.replace(with: [FaultRule(hangRate: 1)])
        #expect(plan.decide(method: "GET", path: "/", authenticated: false).action == .hang)
        plan.replace(with: [FaultRule(malformedRate: 1)])
        #expect(plan.decide(method: "GET", path: "/", authenticated: false).action == .malformed)
        plan.replace(with: [FaultRule(truncateRate: 1)])
        #expect(plan.decide(method: "GET", path: "/", authenticated: false).action == .truncate)
        plan.clear()
        #expect(plan.decide(method: "GET", path: "/", authenticated: false) == FaultDecision())
    }

    @Test func bodyCorruptionBreaksJSON() throws {
        let response = SandboxResponse.json(200, ["results": [1, 2, 3], "paging": ["next": ["after": "10"]]])
        #expect((try? JSONDecoder().decode(JSONValue.self, from: response.body)) != nil)
        #expect((try? JSONDecoder().decode(JSONValue.self, from: response.malformed().body)) == nil)
        #expect((try? JSONDecoder().decode(JSONValue.self, from: response.truncated().body)) == nil)
        #expect(response.truncated().body.count == response.body.count / 2)
    }
}

@Suite struct SandboxFlagsTests {
    @Test func parsesFaultFlagsWithAndWithoutPath() throws {
        let (service, rule) = try SandboxFlags.fault("hubspot:/crm/v3/objects:error=0.1,status=503|502,latency=250ms,count=4")
        #expect(service == "hubspot")
        #expect(rule.path == "/crm/v3/objects")
        #expect(rule.errorRate == 0.1)
        #expect(rule.errorStatuses == [503, 502])
        #expect(rule.latency == .milliseconds(250))
        #expect(rule.remaining == 4)
        let (s2, r2) = try SandboxFlags.fault("salesforce:revoke,throttle=1,retry-after=3,method=post,hang=0.5,malformed=0.2,truncate=0.3")
        #expect(s2 == "salesforce")
        #expect(r2.path == "/")
        #expect(r2.revokeTokens && r2.throttleRate == 1 && r2.retryAfterSeconds == 3 && r2.method == "POST")
        #expect(r2.hangRate == 0.5 && r2.malformedRate == 0.2 && r2.truncateRate == 0.3)
    }

    @Test func rejectsBadFlags() {
        #expect(throws: FaultRuleError.self) { try SandboxFlags.fault("hubspot:error=2") }
        #expect(throws: FaultRuleError.self) { try SandboxFlags.fault("hubspot:/crm") }
        #expect(throws: FaultRuleError.self) { try SandboxFlags.fault("hubspot:explode=1") }
        #expect(throws: FaultRuleError.self) { try SandboxFlags.rateLimit("hubspot=100") }
        #expect(throws: FaultRuleError.self) { try SandboxFlags.dailyLimit("hubspot=lots") }
    }

    @Test func parsesLimits() throws {
        let (service, setting) = try SandboxFlags.rateLimit("hubspot=100/10s")
        #expect(service == "hubspot" && setting == RateLimitSetting(limit: 100, window: .seconds(10)))
        #expect(try SandboxFlags.rateLimit("lookup=600/1m").setting.window == .seconds(60))
        #expect(try SandboxFlags.dailyLimit("salesforce=15000").limit == 15000)
    }

    @Test func faultRuleJSONRoundTrips() throws {
        let rule = FaultRule(path: "/x", method: "GET", errorRate: 0.5, errorStatuses: [503], latency: .milliseconds(20),
                             hangRate: 0.1, throttleRate: 0.2, retryAfterSeconds: 4, malformedRate: 0.3, truncateRate: 0.4,
                             revokeTokens: true, remaining: 9)
        #expect(try FaultRule(json: rule.json) == rule)
        #expect(throws: FaultRuleError.self) { try FaultRule(json: ["errror": 1]) }
    }
}

@Suite struct RequestLogTests {
    @Test func keepsTheNewestInOrderAndCountsEvictions() {
        var log = RequestLog(capacity: 3)
        for i in 0..<5 { log.append(RequestLogEntry(method: "GET", path: "/\(i)", query: nil, status: 200)) }
        #expect(log.entries().map(\.path) == ["/2", "/3", "/4"])
        #expect(log.total == 5)
        #expect(log.entries(since: 4).map(\.path) == ["/4"])
        #expect(log.entries(since: 0).count == 3)
        log.clear()
        #expect(log.entries().isEmpty && log.total == 0)
    }
}
