import Foundation
import Synchronization
@testable import DealSyncSandbox

/// A clock Salesforce tests move by hand.
final class SalesforceTestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { value = Mutex(start) }  // 2026-01-01
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
}

/// A small hand-built world in Salesforce: `deals` deals, each with its company and contact,
/// modified a minute apart in the days before the test clock's start.
func salesforceTestWorld(deals: Int = 3, start: Date = Date(timeIntervalSince1970: 1_766_620_800)) -> SeedWorld {
    let owners = [SeedOwner(name: "Ada Lovelace", email: "ada@seller.test"), SeedOwner(name: "Bob Rep", email: "bob@seller.test")]
    var companies: [SeedCompany] = [], contacts: [SeedContact] = [], seeded: [SeedDeal] = []
    let stages: [SeedStage] = [.prospecting, .proposal, .closedWon, .negotiation, .closedLost]
    for i in 0..<deals {
        companies.append(SeedCompany(key: "co\(i)", name: "Company \(i)", domain: "company\(i).test", industry: "Technology",
                                     employees: 10 + i, city: "Berlin", country: "DE", presence: [.salesforce]))
        contacts.append(SeedContact(key: "ct\(i)", firstName: "First\(i)", lastName: "Last\(i)", email: "person\(i)@company\(i).test",
                                    phone: "+49 30 \(1000 + i)", title: "CTO", companyKey: "co\(i)",
                                    presence: [.salesforce, .hubspot], phoneOverrides: i == 0 ? [.salesforce: "+49 30 9999"] : [:]))
        let created = start.addingTimeInterval(Double(i) * 60)
        seeded.append(SeedDeal(key: "d\(i)", name: "Deal \(i)", amount: Decimal(1000 + i), currency: "EUR",
                               stage: stages[i % stages.count], probability: 50, closeDate: "2026-03-31",
                               createdAt: created, modifiedAt: created.addingTimeInterval(3600),
                               ownerEmail: i % 2 == 0 ? "ada@seller.test" : "bob@seller.test",
                               companyKey: "co\(i)", contactKeys: ["ct\(i)"], history: [],
                               presence: [.salesforce], amountOverrides: i == 1 ? [.salesforce: Decimal(555)] : [:]))
    }
    // One deal that lives only in another CRM: it must not appear.
    seeded.append(SeedDeal(key: "elsewhere", name: "HubSpot only", amount: 1, currency: "USD", stage: .prospecting,
                           probability: 10, closeDate: "2026-03-31", createdAt: start, modifiedAt: start,
                           ownerEmail: "ada@seller.test", companyKey: "co0", contactKeys: [], history: [],
                           presence: [.hubspot], amountOverrides: [:]))
    return SeedWorld(owners: owners, companies: companies, contacts: contacts, deals: seeded)
}

struct SalesforceReply {
    var status: Int
    var json: JSONValue
    var response: SandboxResponse
    var errorCode: String? { json.arrayValue?.first?["errorCode"]?.stringValue }
    var records: [JSONValue] { json["records"]?.arrayValue ?? [] }
}

/// An emulator on a test clock with request helpers speaking the REST API's paths.
struct SalesforceHarness {
    let clock = SalesforceTestClock()
    let emulator: SalesforceEmulator
    var version = "v59.0"

    init(deals: Int = 3, dailyLimit: Int? = nil, tokenLifetime: TimeInterval = 7200, world: SeedWorld? = nil) {
        let clock = self.clock
        emulator = SalesforceEmulator(world: world ?? salesforceTestWorld(deals: deals),
                                      options: EmulatorOptions(dailyLimit: dailyLimit, tokenLifetime: tokenLifetime,
                                                               now: { clock.now }))
    }

    var token: String { emulator.credentials["access_token"]! }

    func send(_ method: String, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
              headers: [(String, String)] = [], token: String? = nil, raw: String? = nil) async -> SalesforceReply {
        let full = path.hasPrefix("/") ? path : "/services/data/\(version)/\(path)"
        let request = SandboxRequest(method: method, path: full, query: query.map { SandboxQueryItem(name: $0.0, value: $0.1) },
                                     headers: [("Authorization", "Bearer \(token ?? self.token)"), ("Host", "127.0.0.1:9999"),
                                               ("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) },
                                     body: raw.map { Data($0.utf8) } ?? json?.encoded() ?? Data())
        let response = await emulator.handle(request)
        let decoded = response.body.isEmpty ? JSONValue.null : ((try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null)
        return SalesforceReply(status: response.status, json: decoded, response: response)
    }

    func query(_ soql: String, all: Bool = false, batchSize: Int? = nil) async -> SalesforceReply {
        await send("GET", all ? "queryAll" : "query", query: [("q", soql)],
                   headers: batchSize.map { [("Sforce-Query-Options", "batchSize=\($0)")] } ?? [])
    }

    /// Every row of a query, following `nextRecordsUrl` as clients do.
    func queryAllPages(_ soql: String, batchSize: Int? = nil) async -> (records: [JSONValue], pages: Int) {
        var reply = await query(soql, batchSize: batchSize)
        var records = reply.records
        var pages = 1
        while reply.json["done"] == .bool(false), let next = reply.json["nextRecordsUrl"]?.stringValue {
            reply = await send("GET", next)
            records += reply.records
            pages += 1
        }
        return (records, pages)
    }

    func ids(_ soql: String, all: Bool = false) async -> [String] {
        await query(soql, all: all).records.compactMap { $0["Id"]?.stringValue }
    }
}
