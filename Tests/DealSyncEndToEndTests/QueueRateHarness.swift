import AsyncHTTPClient
import DealSyncCore
import DealSyncSandbox
import Foundation

/// The daemon syncing deals only between Salesforce and HubSpot, one of them (`origin`) holding
/// every seeded deal and the other empty, with budgets from connector files the test writes
/// (`hubspot.yaml: …`): the setting of the queue's rate-limit and priority tests.
enum QueueRateHarness {
    /// Amounts stay below the high-value threshold (100,000), so every seeded deal's push is
    /// backfill and leaves the reserved share to reads and urgent changes.
    static func start(deals: Int, origin: SeedCRM = .salesforce, hubspotBurst: Int? = nil, hubspotDaily: Int? = nil,
                      connectors files: [String: String], pollInterval: String = "5s",
                      hubspotWebhooks: Bool = false) async throws -> SyncHarness {
        // The generator spreads deals over overlapping CRMs; keep exactly `deals` of them.
        var world = SeedWorld.generate(seed: 31, deals: deals)
        world.deals = Array(world.deals.prefix(deals))
        for i in world.deals.indices {
            world.deals[i].presence = [origin]
            world.deals[i].amount = Decimal(5_000 + i % 90_000)
        }
        for i in world.contacts.indices { world.contacts[i].presence = [origin] }
        for i in world.companies.indices { world.companies[i].presence = [origin] }
        var options = SandboxOptions()
        if let hubspotBurst { options.rateLimits["hubspot"] = RateLimitSetting(limit: hubspotBurst, window: .seconds(10)) }
        if let hubspotDaily { options.dailyLimits["hubspot"] = hubspotDaily }
        let services = Sandbox.defaultServices.filter { ["salesforce", "hubspot"].contains($0.service) }
        let sandbox = try await Sandbox.start(seed: 31, world: world, options: options, services: services)
        let connectors = FileManager.default.temporaryDirectory.appendingPathComponent("dealsync-connectors-\(UUID())")
        try FileManager.default.createDirectory(at: connectors, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: connectors.appendingPathComponent(name)) }
        let h = try await SyncHarness.start(pollInterval: pollInterval, editConfig: { text in
            text.replacingOccurrences(of: "objects: [deal, contact, company]", with: "objects: [deal]")
                .replacingOccurrences(of: "log_level: info", with: "log_level: info\nconnectors_dir: \"\(connectors.path)\"")
        }, sandbox: sandbox)
        // Reads answering webhooks are not paced by the queue; without them the poll alone finds
        // HubSpot's changes.
        if !hubspotWebhooks { try await sandbox.setWebhookTarget(service: "hubspot", url: nil) }
        return h
    }

    /// Deals HubSpot holds, counted inside the emulator so the count spends none of its limit.
    static func hubspotDeals(_ h: SyncHarness) -> Int {
        (h.sandbox.emulator("hubspot") as? HubSpotEmulator)?.liveCount("deals") ?? 0
    }

    /// One SOQL query against the sandbox's Salesforce (which has no burst limit to spend).
    static func salesforceQuery(_ h: SyncHarness, _ soql: String) async throws -> (records: [[String: Any]], total: Int) {
        var components = URLComponents(string: h.sandbox.urls["salesforce"]! + "/services/data/v59.0/query")!
        components.queryItems = [URLQueryItem(name: "q", value: soql)]
        let body = try await get(components.url!.absoluteString, token: h.sandbox.credentials["salesforce"]?["access_token"])
        return (body["records"] as? [[String: Any]] ?? [], (body["totalSize"] as? NSNumber)?.intValue ?? 0)
    }

    /// The first few HubSpot deals (one request): id and name.
    static func someHubSpotDeals(_ h: SyncHarness) async throws -> [(id: String, name: String)] {
        let body = try await get(h.sandbox.urls["hubspot"]! + "/crm/v3/objects/deals?limit=10&properties=dealname",
                                 token: h.sandbox.credentials["hubspot"]?["private_app_token"])
        return (body["results"] as? [[String: Any]] ?? []).compactMap { r in
            guard let id = r["id"] as? String, let name = (r["properties"] as? [String: Any])?["dealname"] as? String else { return nil }
            return (id, name)
        }
    }

    static func get(_ url: String, token: String?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token ?? "")")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }
}
