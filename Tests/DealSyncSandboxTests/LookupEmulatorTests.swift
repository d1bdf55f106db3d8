import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct LookupEmulatorTests {
    let world = SeedWorld.generate(seed: 7, deals: 200, anchor: Date(timeIntervalSince1970: 1_790_000_000))

    func find(_ lookup: LookupEmulator, _ domain: String, auth: String? = nil) async -> SandboxResponse {
        await lookup.handle(SandboxRequest(method: "GET", path: "/v2/companies/find",
                                           query: [SandboxQueryItem(name: "domain", value: domain)],
                                           headers: [("Authorization", auth ?? "Bearer \(lookup.apiKey)")]))
    }

    @Test func findsSeededCompaniesInClearbitShape() async throws {
        let lookup = LookupEmulator(world: world, seed: 7, options: EmulatorOptions())
        let company = world.companies[0]
        var r = await find(lookup, company.domain)
        if r.status == 202 { // not yet indexed: Clearbit queues the lookup; the next answer is 200
            #expect(r.body.isEmpty)
            r = await find(lookup, "www." + company.domain.uppercased())
        }
        #expect(r.status == 200)
        let json = try JSONDecoder().decode(JSONValue.self, from: r.body)
        #expect(json["name"]?.stringValue == company.name)
        #expect(json["domain"]?.stringValue == company.domain)
        #expect(json["metrics"]?["employees"]?.intValue == company.employees)
        #expect(json["category"]?["industry"]?.stringValue == company.industry)
        #expect(json["geo"]?["city"]?.stringValue == company.city)
        #expect(json["id"]?.stringValue?.count == 36)
        #expect(json["ticker"] == .null)
        #expect(r.header("x-ratelimit-limit") == "600")
        #expect(r.header("x-ratelimit-remaining") != nil && r.header("x-ratelimit-reset") != nil)
    }

    @Test func someCompaniesAreQueuedOnce() async {
        let lookup = LookupEmulator(world: world, seed: 7, options: EmulatorOptions())
        var first: [Int] = []
        for company in world.companies { first.append(await find(lookup, company.domain).status) }
        #expect(first.contains(202) && first.contains(200))
        for company in world.companies.prefix(50) { #expect(await find(lookup, company.domain).status == 200) }
    }

    @Test func errorsUseClearbitsEnvelope() async throws {
        let lookup = LookupEmulator(world: world, seed: 7, options: EmulatorOptions())
        let unknown = await find(lookup, "no-such-company.example")
        #expect(unknown.status == 404)
        #expect(try JSONDecoder().decode(JSONValue.self, from: unknown.body)["error"]?["type"]?.stringValue == "unknown_record")
        #expect(await find(lookup, "not a domain").status == 422)
        let noAuth = await lookup.handle(SandboxRequest(method: "GET", path: "/v2/companies/find"))
        #expect(noAuth.status == 401)
        #expect(try JSONDecoder().decode(JSONValue.self, from: noAuth.body)["error"]?["type"]?.stringValue == "auth_required")
        #expect(await find(lookup, world.companies[1].domain, auth: "Bearer sk_wrong").status == 401)
        let basic = "Basic " + Data("\(lookup.apiKey):".utf8).base64EncodedString()
        #expect(await find(lookup, "no-such-company.example", auth: basic).status == 404, "Basic with the key as user works")
    }

    @Test func rateLimitAnswers429WithResetHeader() async {
        let clock = SandboxClock()
        let lookup = LookupEmulator(world: world, seed: 7, options: EmulatorOptions(
            rateLimit: RateLimitSetting(limit: 2, window: .seconds(60)), now: { clock.now() }))
        #expect(await find(lookup, "a.example").status == 404)
        #expect(await find(lookup, "a.example").status == 404)
        let limited = await find(lookup, "a.example")
        #expect(limited.status == 429)
        #expect(limited.header("x-ratelimit-remaining") == "0")
        #expect(Int(limited.header("x-ratelimit-reset") ?? "") ?? 0 > Int(clock.now().timeIntervalSince1970))
        clock.advance(by: 61)
        #expect(await find(lookup, "a.example").status == 404)
    }
}
