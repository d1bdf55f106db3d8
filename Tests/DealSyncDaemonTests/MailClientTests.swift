import DealSyncCore
import DealSyncSandbox
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

/// A mailbox's HTTP side against the emulators over loopback: an access token that expired is
/// refreshed at the provider's own token endpoint and the round carries on.
@Suite("Mail client")
struct MailClientTests {
    @Test("an expired access token is refreshed (Google /token, Microsoft /{tenant}/oauth2/v2.0/token) and the round goes on")
    func refresh() async throws {
        var options = SandboxOptions()
        options.tokenLifetimes = ["gmail": 1, "graph": 1]
        let sandbox = try await Sandbox.start(seed: 5, deals: 4, options: options,
                                              services: Sandbox.defaultServices.filter { ["gmail", "graph"].contains($0.service) })
        defer { Task { await sandbox.shutdown() } }
        try await Task.sleep(for: .milliseconds(1200))  // the seeded access tokens are dead now
        for kind in [SourceKind.gmail, .graph] {
            let source = SourceConfig(org: OrgID("acme"), id: SourceID("mailbox"), kind: kind, baseURL: sandbox.urls[kind.rawValue]!,
                                      objects: [.activity], pollInterval: .seconds(60), credentialReference: .env("X"),
                                      credentials: Credentials(sandbox.credentials[kind.rawValue] ?? [:]))
            let client = try MailClient(source: source, vault: RefreshTokenVault(stateDir: NSTemporaryDirectory(), keyFile: nil,
                                                                                   logger: Logger(label: "test")))
            let channel = kind == .gmail
                ? MailChannel.gmail(label: "INBOX", baseURL: source.baseURL, windowDays: 30, client: client)
                : MailChannel.graph(folder: "inbox", baseURL: source.baseURL, windowDays: 30, client: client)
            let (messages, cursor) = try await channel.round(nil, Date())
            #expect(!messages.isEmpty && !cursor.isEmpty, "\(kind): the seeded mail of the window was read")
            let log = try sandbox.requests(service: kind.rawValue)
            #expect(log.contains { $0.status == 401 }, "\(kind): the dead token was refused")
            #expect(log.contains { $0.method == "POST" && $0.path.hasSuffix("token") && $0.status == 200 }, "\(kind): refreshed")
        }
    }
}
