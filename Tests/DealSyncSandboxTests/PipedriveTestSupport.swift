import Foundation
import Synchronization
@testable import DealSyncSandbox

/// A clock Pipedrive tests move by hand.
final class PipedriveTestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { value = Mutex(start) }  // 2026-01-01T00:00:00Z
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
}

/// Records webhook POSTs; can be told to fail the next few.
final class PipedriveRecordingTransport: PipedriveWebhookTransport {
    struct Delivery: Sendable {
        var url: String
        var headers: [String: String]
        var json: JSONValue
    }
    private let log = Mutex<[Delivery]>([])
    private let failures = Mutex(0)

    func failNext(_ n: Int) { failures.withLock { $0 = n } }
    var deliveries: [Delivery] { log.withLock { $0 } }

    func post(url: String, headers: [(name: String, value: String)], body: Data) async throws -> Int {
        let json = (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null
        log.withLock { $0.append(Delivery(url: url, headers: Dictionary(headers.map { ($0.name, $0.value) }) { a, _ in a }, json: json)) }
        return failures.withLock { n in
            if n > 0 { n -= 1; return 503 }
            return 200
        }
    }
}

/// A hand-built world: `deals` deals, each with its own company and contact, all in Pipedrive,
/// plus one deal, company and contact that exist only in Salesforce (they must not appear).
/// Deal i was modified at `start + i hours`; every third deal is won, every fifth lost.
func pipedriveTestWorld(deals: Int = 5, start: Date = Date(timeIntervalSince1970: 1_735_689_600)) -> SeedWorld {
    let owners = [SeedOwner(name: "Ada Owner", email: "ada@seller.test"), SeedOwner(name: "Bo Owner", email: "bo@seller.test")]
    var companies: [SeedCompany] = [], contacts: [SeedContact] = [], seeded: [SeedDeal] = []
    for i in 0...deals {
        let presence: Set<SeedCRM> = i == deals ? [.salesforce] : [.pipedrive, .hubspot]
        companies.append(SeedCompany(key: "co\(i)", name: "Company \(i)", domain: "company\(i).test", industry: "Software",
                                     employees: 10 + i, city: "Tallinn", country: "EE", presence: presence))
        contacts.append(SeedContact(key: "ct\(i)", firstName: "First\(i)", lastName: "Last\(i)", email: "person\(i)@company\(i).test",
                                    phone: "+372 5\(1000 + i)", title: "CTO", companyKey: "co\(i)", presence: presence,
                                    phoneOverrides: i == 0 ? [.pipedrive: "+372 59999"] : [:]))
        let created = start.addingTimeInterval(Double(i) * 60)
        let stage: SeedStage = i % 5 == 4 ? .closedLost : i % 3 == 2 ? .closedWon : .proposal
        seeded.append(SeedDeal(key: "d\(i)", name: "Deal \(i)", amount: Decimal(1000 + i), currency: "EUR", stage: stage,
                               probability: 60, closeDate: "2026-03-31", createdAt: created,
                               modifiedAt: start.addingTimeInterval(Double(i) * 3600 + 7200),
                               ownerEmail: i % 2 == 0 ? "ada@seller.test" : "bo@seller.test", companyKey: "co\(i)",
                               contactKeys: ["ct\(i)"], history: [SeedStageChange(stage: .proposal, at: created)],
                               presence: presence, amountOverrides: i == 1 ? [.pipedrive: 999] : [:]))
    }
    return SeedWorld(owners: owners, companies: companies, contacts: contacts, deals: seeded)
}

struct PipedriveReplyParts {
    var status: Int
    var json: JSONValue
    var response: SandboxResponse
    var data: JSONValue { json["data"] ?? .null }
}

/// An emulator on a test clock with a recording webhook transport, and request helpers.
struct PipedriveHarness {
    let clock = PipedriveTestClock()
    let transport = PipedriveRecordingTransport()
    let emulator: PipedriveEmulator

    init(world: SeedWorld = pipedriveTestWorld(), rateLimit: RateLimitSetting? = nil, dailyLimit: Int? = nil,
         tokenLifetime: TimeInterval = 3600) {
        let clock = self.clock
        emulator = PipedriveEmulator(world: world,
                                     options: EmulatorOptions(rateLimit: rateLimit, dailyLimit: dailyLimit, tokenLifetime: tokenLifetime,
                                                              now: { clock.now }),
                                     webhookTransport: transport, webhookRetryDelays: [.milliseconds(1), .milliseconds(1)])
    }

    var apiToken: String { emulator.credentials["api_token"]! }

    /// Sends with `x-api-token` unless `headers` says otherwise.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
              headers: [(name: String, value: String)]? = nil, body: Data? = nil) async -> PipedriveReplyParts {
        let request = SandboxRequest(method: method, path: path, query: query.map { SandboxQueryItem(name: $0.0, value: $0.1) },
                                     headers: (headers ?? [("x-api-token", apiToken)]) + [("Content-Type", "application/json")],
                                     body: body ?? json?.encoded() ?? Data())
        let response = await emulator.handle(request)
        let decoded = response.body.isEmpty ? JSONValue.null : ((try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null)
        return PipedriveReplyParts(status: response.status, json: decoded, response: response)
    }

    /// Every page of a v2 list, following `next_cursor`.
    func v2All(_ path: String, query: [(String, String)] = [], limit: Int = 2) async -> (items: [JSONValue], pages: Int) {
        var items: [JSONValue] = [], cursor: String?, pages = 0
        repeat {
            var q = query + [("limit", String(limit))]
            if let cursor { q.append(("cursor", cursor)) }
            let reply = await send("GET", path, query: q)
            pages += 1
            items += reply.data.arrayValue ?? []
            cursor = reply.json["additional_data"]?["next_cursor"]?.stringValue
        } while cursor != nil && pages < 1000
        return (items, pages)
    }
}

extension JSONValue {
    var ids: [Int] { (arrayValue ?? []).compactMap { $0["id"]?.intValue } }
}

extension Array where Element == JSONValue {
    var ids: [Int] { compactMap { $0["id"]?.intValue } }
}
