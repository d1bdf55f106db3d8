import DealSyncCore
import DealSyncHooks
import Foundation
import Testing

/// The lookup client's reading of each answer, with the HTTP exchange injected.
@Suite struct CompanyLookupTests {
    static let now = Date(timeIntervalSince1970: 1_795_132_800)

    static func lookup(_ answer: @escaping @Sendable (HTTPExchangeRequest) throws -> HTTPExchangeResponse) -> CompanyLookup {
        CompanyLookup(baseURL: "https://company.example/", apiKey: "sk_1", perform: { try answer($0) }, now: { now })
    }

    @Test func aCompanyIsReadFromClearbitsNestedShape() async throws {
        let body = Data(#"""
            {"id":"c1","name":"Acme Corp","legalName":"Acme Corporation","domain":"acme.example",
             "category":{"sector":"Information Technology","industry":"Software"},
             "geo":{"city":"Berlin","country":"Germany","countryCode":"DE"},
             "metrics":{"employees":250,"employeesRange":"251-1000","estimatedAnnualRevenue":"$10M-$50M"},
             "foundedYear":2009,"type":"private","emailProvider":false,"tech":["aws"]}
            """#.utf8)
        let outcome = await Self.lookup { request in
            #expect(request.url == "https://company.example/v2/companies/find?domain=acme.example")
            #expect(request.headers["Authorization"] == "Bearer sk_1")
            return HTTPExchangeResponse(status: 200, body: body)
        }.find(domain: "acme.example")
        guard case .found(let p) = outcome else { Issue.record("\(outcome)"); return }
        #expect(p.name == "Acme Corp" && p.industry == "Software" && p.sector == "Information Technology")
        #expect(p.employees == 250 && p.city == "Berlin" && p.country == "Germany" && p.countryCode == "DE")
        #expect(p.foundedYear == 2009 && p.emailProvider == false)
    }

    @Test func refusalsBecomeUnknownOrDeferred() async {
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 404) }.find(domain: "a.example") == .unknown)
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 422) }.find(domain: "a.example") == .unknown)
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 202) }.find(domain: "a.example")
                == .deferred(after: Self.now.addingTimeInterval(300), reason: "queued"))
        let reset = Self.now.timeIntervalSince1970 + 42
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 429, headers: ["X-RateLimit-Reset": String(Int(reset))]) }
            .find(domain: "a.example") == .deferred(after: Date(timeIntervalSince1970: reset), reason: "rate_limited"))
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 503) }.find(domain: "a.example")
                == .deferred(after: nil, reason: "http_503"))
        #expect(await Self.lookup { _ in HTTPExchangeResponse(status: 200, body: Data("<html>".utf8)) }.find(domain: "a.example")
                == .deferred(after: nil, reason: "malformed"))
        #expect(await Self.lookup { _ in throw URLError(.timedOut) }.find(domain: "a.example") == .deferred(after: nil, reason: "unreachable"))
    }
}
