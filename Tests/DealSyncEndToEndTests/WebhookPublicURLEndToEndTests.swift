import AsyncHTTPClient
@testable import DealSyncConnectors
import DealSyncCore
import Foundation
import Testing

/// Behind a TLS proxy the daemon sees `http://127.0.0.1:PORT/…`, while HubSpot signed the public
/// `https://…` URL it called. With `public_url` set, that URL is the one checked.
@Suite(.serialized) struct WebhookPublicURLEndToEndTests {
    static let publicURL = "https://sync.example.test"

    func post(_ h: SyncHarness, signedFor base: String) async throws -> UInt {
        let secret = try #require(h.sandbox.credentials["hubspot"]?["client_secret"])
        let path = "/webhooks/e2e/hubspot-sandbox"
        let body = Data(#"[{"objectId":1,"subscriptionType":"deal.propertyChange","propertyName":"amount"}]"#.utf8)
        let timestamp = String(Int64(Date().timeIntervalSince1970 * 1000))
        let signature = HubSpotConnector.signatureV3(secret: secret, method: "POST", uri: base + path, body: body, timestamp: timestamp)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(h.port)\(path)")
        request.method = .POST
        request.headers.add(name: "X-HubSpot-Signature-v3", value: signature.base64EncodedString())
        request.headers.add(name: "X-HubSpot-Request-Timestamp", value: timestamp)
        request.body = .bytes(.init(data: body))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code
    }

    @Test func aSignatureOverThePublicURLIsAcceptedAndOneOverTheLocalAddressIsNot() async throws {
        let h = try await SyncHarness.start(deals: 3, editConfig: { "public_url: \"\(Self.publicURL)\"\n" + $0 })
        do {
            try await h.waitUntil("the daemon to listen", timeout: .seconds(30)) {
                (try? await daemonGET(h.port, "/healthz").status) == 200
            }
            #expect(try await post(h, signedFor: Self.publicURL) == 202)
            #expect(try await post(h, signedFor: "http://127.0.0.1:\(h.port)") == 401)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
