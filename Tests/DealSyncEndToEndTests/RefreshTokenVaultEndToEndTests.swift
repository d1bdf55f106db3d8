import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// A refresh token the provider rotated lives sealed under `secrets_key` in the state directory.
/// Here the credentials still name the token that was rotated away ("stale", which HubSpot
/// refuses) and carry no access token: the daemon must start from the sealed one, refresh with
/// it, and sync HubSpot like the others.
@Suite(.serialized) struct RefreshTokenVaultEndToEndTests {
    @Test func theDaemonStartsFromTheSealedRotatedTokenNotTheStaleConfiguredOne() async throws {
        let h = try await SyncHarness.start(seed: 4, deals: 6, editConfig: { text in
            // The work directory is the state directory's parent.
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("state_dir:") }) else { return text }
            let state = line.dropFirst("state_dir:".count).trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            let work = (state as NSString).deletingLastPathComponent
            do {
                let credsPath = work + "/creds/hubspot-sandbox.json"
                var creds = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: credsPath))) as! [String: Any]
                let rotated = creds["refresh_token"] as! String
                creds["refresh_token"] = "stale"
                creds["access_token"] = nil
                try JSONSerialization.data(withJSONObject: creds).write(to: URL(fileURLWithPath: credsPath))
                try Data((0..<32).map { UInt8($0) }).write(to: URL(fileURLWithPath: work + "/secrets.key"))
                let sealed = try SealedSecretFile(path: state + "/secrets/e2e/hubspot-sandbox.refresh", keyFile: work + "/secrets.key")
                try sealed.write(SealedSecretFile.fingerprint("stale") + "\n" + rotated)
            } catch {
                Issue.record("could not prepare the rotated token: \(error)")
            }
            return "secrets_key: {file: secrets.key}\n" + text
        })
        do {
            let world = h.sandbox.world.deals.map(\.name).sorted()
            try await h.waitUntil("every deal in every CRM, HubSpot included", timeout: .seconds(90)) {
                for crm in CRMKind.allCases where try await h.deals(crm).map({ SyncHarness.nameAndAmount($0, crm).0 }).sorted() != world {
                    return false
                }
                return true
            }
            let refreshes = try h.sandbox.requests(service: "hubspot").filter { $0.path.hasSuffix("/oauth/v1/token") }
            #expect(!refreshes.isEmpty && refreshes.allSatisfy { $0.status == 200 }, "refreshed with the sealed token only: \(refreshes)")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
