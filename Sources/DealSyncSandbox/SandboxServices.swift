import Foundation

extension Sandbox {
    /// The seeded emulators `Sandbox.start` builds by default, in the order the JSON line and the
    /// generated config list them. Slack and the company lookup are always added.
    public static var defaultServices: [SandboxServiceFactory] {
        [
            SandboxServiceFactory("salesforce", SalesforceEmulator.self),
            SandboxServiceFactory("hubspot", HubSpotEmulator.self),
            SandboxServiceFactory("pipedrive", PipedriveEmulator.self),
            SandboxServiceFactory("gmail", GmailEmulator.self),
            SandboxServiceFactory("graph", GraphEmulator.self),
        ]
    }

    /// Source kinds dealsyncd syncs (the others, Slack and lookup, are used by hooks).
    static let syncedKinds: Set<String> = ["salesforce", "hubspot", "pipedrive", "gmail", "graph"]
}
