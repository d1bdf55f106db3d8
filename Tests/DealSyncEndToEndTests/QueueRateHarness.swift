import DealSyncCore
import DealSyncSandbox
import Foundation

/// The daemon syncing deals only, between a Salesforce that holds every seeded deal and an
/// empty HubSpot, with HubSpot's budget from a connector file the test writes: the setting of
/// the queue's rate-limit and priority tests.
enum QueueRateHarness {
    /// Amounts stay below the high-value threshold (100,000) unless `prepare` says otherwise, so
    /// every push is backfill and leaves the reserved share to the poller's reads.
    static func start(deals: Int, hubspotBurst: Int? = nil, hubspotDaily: Int? = nil, connector: String,
                      prepare: (inout SeedWorld) -> Void = { _ in }) async throws -> SyncHarness {
        // The generator spreads deals over overlapping CRMs; keep exactly `deals` of them.
        var world = SeedWorld.generate(seed: 31, deals: deals)
        world.deals = Array(world.deals.prefix(deals))
        for i in world.deals.indices {
            world.deals[i].presence = [.salesforce]
            world.deals[i].amount = Decimal(5_000 + i % 90_000)
        }
        for i in world.contacts.indices { world.contacts[i].presence = [.salesforce] }
        for i in world.companies.indices { world.companies[i].presence = [.salesforce] }
        prepare(&world)
        var options = SandboxOptions()
        if let hubspotBurst { options.rateLimits["hubspot"] = RateLimitSetting(limit: hubspotBurst, window: .seconds(10)) }
        if let hubspotDaily { options.dailyLimits["hubspot"] = hubspotDaily }
        let services = Sandbox.defaultServices.filter { ["salesforce", "hubspot"].contains($0.service) }
        let sandbox = try await Sandbox.start(seed: 31, world: world, options: options, services: services)
        let connectors = FileManager.default.temporaryDirectory.appendingPathComponent("dealsync-connectors-\(UUID())")
        try FileManager.default.createDirectory(at: connectors, withIntermediateDirectories: true)
        try Data(connector.utf8).write(to: connectors.appendingPathComponent("hubspot.yaml"))
        let h = try await SyncHarness.start(pollInterval: "5s", editConfig: { text in
            text.replacingOccurrences(of: "objects: [deal, contact, company]", with: "objects: [deal]")
                .replacingOccurrences(of: "log_level: info", with: "log_level: info\nconnectors_dir: \"\(connectors.path)\"")
        }, sandbox: sandbox)
        // Reads answering webhooks are not paced by the queue; the poll alone finds HubSpot's changes.
        try await sandbox.setWebhookTarget(service: "hubspot", url: nil)
        return h
    }

    /// Deals HubSpot holds, counted inside the emulator so the count spends none of its limit.
    static func hubspotDeals(_ h: SyncHarness) -> Int {
        (h.sandbox.emulator("hubspot") as? HubSpotEmulator)?.liveCount("deals") ?? 0
    }
}
