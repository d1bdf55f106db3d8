import AsyncHTTPClient
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// The real `dealsyncd` against the sandbox's three CRMs (issue 4's end-to-end list).
@Suite(.serialized) struct SyncEndToEndTests {
    /// Given three CRMs that already hold overlapping deals, when the daemon backfills them,
    /// then every CRM holds every real-world deal exactly once: no duplicate, none missing.
    /// An edit in HubSpot then reaches Salesforce and Pipedrive, and once settled our own writes
    /// coming back cause no further writes.
    @Test func backfillConvergesEditsPropagateAndEchoesStop() async throws {
        let h = try await SyncHarness.start()
        let expected = h.sandbox.world.deals.count
        do {
            try await h.waitUntil("backfill to converge", timeout: .seconds(120)) {
                for crm in CRMKind.allCases where try await h.deals(crm).count != expected { return false }
                return true
            }
            // Two real-world deals may share a name, so compare the names as multisets.
            let world = h.sandbox.world.deals.map(\.name).sorted()
            for crm in CRMKind.allCases {
                let names = try await h.deals(crm).map { SyncHarness.nameAndAmount($0, crm).0 }.sorted()
                #expect(names == world, "every deal once in \(crm): no duplicate, none missing")
            }

            // The sync's own series are on /metrics, labelled by source and object.
            let metrics = try await daemonGET(h.port, "/metrics").body
            for series in ["dealsync_changes_in_total", "dealsync_changes_out_total", "dealsync_sync_last_success_timestamp_seconds"] {
                #expect(metrics.contains(series), "\(series) exported")
            }

            // An edit in HubSpot, as a person would make it, reaches the other two CRMs.
            let target = try #require(try await h.deals(.hubspot).first)
            let name = SyncHarness.nameAndAmount(target, .hubspot).0
            _ = try await h.sandbox.edit("hubspot", SandboxEdit(object: "deals", id: target.externalID, fields: ["amount": "123456"]))
            try await h.waitUntil("the HubSpot edit to reach Salesforce and Pipedrive", timeout: .seconds(60)) {
                for crm in [CRMKind.salesforce, .pipedrive] {
                    let match = try await h.deals(crm).first { SyncHarness.nameAndAmount($0, crm).0 == name }
                    guard let match, SyncHarness.nameAndAmount(match, crm).1 == 123456 else { return false }
                }
                return true
            }

            // Settled: several poll intervals pass and our own writes coming back write nothing.
            try await h.waitUntil("the queue to settle", timeout: .seconds(60)) {
                for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
                try await Task.sleep(for: .seconds(5))
                return try CRMKind.allCases.allSatisfy { try h.writes($0).isEmpty }
            }
            for crm in CRMKind.allCases { try h.sandbox.clearRequests(service: crm.rawValue) }
            try await Task.sleep(for: .seconds(7))
            for crm in CRMKind.allCases {
                #expect(try h.writes(crm).isEmpty, "no echo writes to \(crm)")
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    /// A webhook with a bad signature is refused and changes nothing; polling still converges.
    @Test func badWebhookSignatureIsRefused() async throws {
        let h = try await SyncHarness.start(deals: 3)
        do {
            try await h.waitUntil("the daemon to listen", timeout: .seconds(30)) {
                (try? await daemonGET(h.port, "/healthz").status) == 200
            }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(h.port)/webhooks/e2e/hubspot-sandbox")
            request.method = .POST
            request.headers.add(name: "X-HubSpot-Signature-v3", value: Data(repeating: 7, count: 32).base64EncodedString())
            request.headers.add(name: "X-HubSpot-Request-Timestamp", value: String(Int64(Date().timeIntervalSince1970 * 1000)))
            request.body = .bytes(.init(string: #"[{"objectId":1,"subscriptionType":"deal.deletion"}]"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            #expect(response.status.code == 401)
            var malformed = HTTPClientRequest(url: "http://127.0.0.1:\(h.port)/webhooks/e2e/pipedrive-sandbox")
            malformed.method = .POST
            malformed.body = .bytes(.init(string: "{not json"))
            #expect(try await HTTPClient.shared.execute(malformed, timeout: .seconds(5)).status.code == 401,
                    "no credentials: refused before the body is read")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
