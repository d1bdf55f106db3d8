import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Issue 5's fault proof against the real daemon: with one request in ten to each CRM failing
/// (5xx pages, malformed bodies, hangs), the backfill of three CRMs still converges, and the
/// only dead letter is the record a CRM rejects for good (a deal name too long for Salesforce).
@Suite(.serialized) struct QueueFaultsEndToEndTests {
    static let crms: [CRMKind] = [.salesforce, .hubspot, .pipedrive]

    @Test func aSyncConvergesThroughFaultsAndDeadLettersOnlyTheInvalidRecord() async throws {
        // Salesforce allows 120 characters in an opportunity name; HubSpot and Pipedrive take it.
        let invalid = "Overlong Holdings -" + String(repeating: " multi-year enterprise agreement", count: 4)
        var options = SandboxOptions()
        // A hung request stays hung for a minute; the daemon's `request_timeout: 2s` abandons it
        // and retries, so the test sees many hangs in its minute.
        options.hangLimit = .seconds(60)
        // The CRMs only: mail sources' activity writes have their own tests.
        let services = Sandbox.defaultServices.filter { Self.crms.map(\.rawValue).contains($0.service) }
        let sandbox = try await Sandbox.start(seed: 8, deals: 12, options: options, services: services)
        _ = try await sandbox.edit("hubspot", SandboxEdit(object: "deals", id: nil, fields: [
            "dealname": .string(invalid), "amount": "5000",
        ]))
        let h = try await SyncHarness.start(editConfig: { text in
            text.replacingOccurrences(of: "poll_interval: 2s", with: "poll_interval: 2s\n        request_timeout: 2s")
        }, sandbox: sandbox)
        do {
            // From the daemon's first requests on: 5% gateway errors, 4% malformed bodies, 1% hangs.
            for crm in Self.crms {
                try sandbox.addFault(FaultRule(errorRate: 0.05, hangRate: 0.01, malformedRate: 0.04), service: crm.rawValue)
            }
            let world = sandbox.world.deals.map(\.name).sorted()
            try await h.waitUntil("the backfill to converge through the faults", timeout: .seconds(100)) {
                for crm in Self.crms {
                    // The test's own reads meet the faults too: a failed read is just not yet.
                    guard let deals = try? await h.deals(crm) else { return false }
                    let expected = world.count + (crm == .salesforce ? 0 : 1)
                    if deals.count != expected { return false }
                }
                return true
            }
            var injected = 0
            for crm in Self.crms {
                injected += try sandbox.requests(service: crm.rawValue).count { [500, 502, 503, 504].contains($0.status) }
                try sandbox.clearFaults(service: crm.rawValue)
            }
            #expect(injected > 0, "faults were injected")
            for crm in Self.crms {
                let names = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm).0 }.sorted()
                let expected = (world + (crm == .salesforce ? [] : [invalid])).sorted()
                #expect(names == expected, "every deal exactly once in \(crm) despite the faults")
            }
            try await h.waitUntil("the invalid deal in the dead letter", timeout: .seconds(30)) {
                try !Self.deadLetters(h).isEmpty
            }
            try await Task.sleep(for: .seconds(2))
            let letters = try Self.deadLetters(h)
            #expect(letters.count == 1, "one dead letter: \(letters)")
            for letter in letters {
                #expect(letter["source"] as? String == "salesforce-sandbox", "\(letter)")
                #expect((letter["last_error"] as? String)?.contains("STRING_TOO_LONG") == true
                        || (letter["last_error"] as? String)?.contains("validation") == true, "\(letter)")
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    static func deadLetters(_ h: SyncHarness) throws -> [[String: Any]] {
        let text = try h.ctl(["--json", "dead-letter", "list"])
        let reply = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        // The daemon's reply envelope holds the command's result.
        let result = reply["dead_letters"] != nil ? reply : reply.values.compactMap { $0 as? [String: Any] }
            .first { $0["dead_letters"] != nil } ?? [:]
        return result["dead_letters"] as? [[String: Any]] ?? []
    }
}
