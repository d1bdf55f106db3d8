import Foundation
import Synchronization
@testable import DealSyncSandbox

/// A clock tests move by hand.
final class HubSpotTestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { value = Mutex(start) }
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
}

/// Records webhook POSTs instead of sending them.
final class HubSpotRecordingTransport: HubSpotWebhookTransport {
    struct Delivery: Sendable {
        var url: String
        var headers: [String: String]
        var body: Data
    }
    private let log = Mutex<[Delivery]>([])
    private let failures = Mutex(0)

    /// The next `n` deliveries answer 500.
    func failNext(_ n: Int) { failures.withLock { $0 = n } }

    var deliveries: [Delivery] { log.withLock { $0 } }

    func post(url: String, headers: [(name: String, value: String)], body: Data) async -> Int? {
        log.withLock { $0.append(Delivery(url: url, headers: Dictionary(headers.map { ($0.name, $0.value) }) { a, _ in a }, body: body)) }
        return failures.withLock { n in
            if n > 0 { n -= 1; return 500 }
            return 204
        }
    }
}

/// A small hand-built world: `deals` deals, each with its own company and one contact, all in HubSpot.
func hubSpotTestWorld(deals: Int = 3, start: Date = Date(timeIntervalSince1970: 1_735_689_600)) -> SeedWorld {
    let owners = [SeedOwner(name: "Ada Owner", email: "ada@seller.test")]
    var companies: [SeedCompany] = [], contacts: [SeedContact] = [], seeded: [SeedDeal] = []
    for i in 0..<deals {
        companies.append(SeedCompany(key: "co\(i)", name: "Company \(i)", domain: "company\(i).test", industry: "Software",
                                     employees: 10 + i, city: "Berlin", country: "DE", presence: [.hubspot]))
        contacts.append(SeedContact(key: "ct\(i)", firstName: "First\(i)", lastName: "Last\(i)", email: "person\(i)@company\(i).test",
                                    phone: "+49 30 \(1000 + i)", title: "CTO", companyKey: "co\(i)", presence: [.hubspot], phoneOverrides: [:]))
        let created = start.addingTimeInterval(Double(i) * 60)
        seeded.append(SeedDeal(key: "d\(i)", name: "Deal \(i)", amount: Decimal(1000 + i), currency: "EUR",
                               stage: i % 2 == 0 ? .proposal : .closedWon, probability: 50, closeDate: "2026-03-31",
                               createdAt: created, modifiedAt: created.addingTimeInterval(3600), ownerEmail: "ada@seller.test",
                               companyKey: "co\(i)", contactKeys: ["ct\(i)"], history: [], presence: [.hubspot], amountOverrides: [:]))
    }
    return SeedWorld(owners: owners, companies: companies, contacts: contacts, deals: seeded)
}

/// An emulator on a test clock, a recording webhook transport, and request helpers.
struct HubSpotHarness {
    let clock = HubSpotTestClock()
    let transport = HubSpotRecordingTransport()
    let emulator: HubSpotEmulator

    init(deals: Int = 3, rateLimit: RateLimitSetting? = nil, dailyLimit: Int? = nil, tokenLifetime: TimeInterval = 1800) {
        let clock = self.clock
        emulator = HubSpotEmulator(world: hubSpotTestWorld(deals: deals),
                                   options: EmulatorOptions(rateLimit: rateLimit, dailyLimit: dailyLimit, tokenLifetime: tokenLifetime,
                                                            now: { clock.now }),
                                   transport: transport, batchDelay: .milliseconds(1), retryDelays: [.milliseconds(1), .milliseconds(1)])
    }

    var token: String { emulator.credentials["access_token"]! }

    func send(_ method: String, _ path: String, query: [String: String] = [:], json: JSONValue? = nil,
              token: String? = nil, body: Data? = nil) async -> (status: Int, json: JSONValue, response: SandboxResponse) {
        let request = SandboxRequest(method: method, path: path,
                                     query: query.sorted { $0.key < $1.key }.map { SandboxQueryItem(name: $0.key, value: $0.value) },
                                     headers: [("Authorization", "Bearer \(token ?? self.token)"), ("Content-Type", "application/json")],
                                     body: body ?? json?.encoded() ?? Data())
        let response = await emulator.handle(request)
        let decoded = response.body.isEmpty ? JSONValue.null : ((try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null)
        return (response.status, decoded, response)
    }

    /// Creates a deal through the API and returns its id.
    func createDeal(_ properties: JSONValue) async -> String {
        await send("POST", "/crm/v3/objects/deals", json: ["properties": properties]).json["id"]?.stringValue ?? ""
    }
}
