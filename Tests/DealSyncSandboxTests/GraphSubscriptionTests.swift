import DealSyncSandbox
import Foundation
import Testing

/// Graph subscriptions as the real service refuses them: no subscription without the
/// validation handshake, none past the 10 080-minute limit, no renewal of an unknown one.
@Suite("Graph subscriptions")
struct GraphSubscriptionTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let graph: GraphEmulator

    init() {
        let now = now
        graph = GraphEmulator(world: SeedWorld.generate(seed: 5, deals: 4, anchor: now), options: EmulatorOptions(now: { now }))
    }

    func call(_ method: String, _ path: String, _ json: String = "") async -> (status: Int, body: String) {
        let response = await graph.handle(SandboxRequest(
            method: method, path: path,
            headers: [("Authorization", "Bearer \(graph.credentials["access_token"]!)"), ("Content-Type", "application/json")],
            body: Data(json.utf8)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func create(url: String, minutes: Double) -> String {
        let expiry = ISO8601DateFormatter().string(from: now.addingTimeInterval(minutes * 60))
        return #"{"changeType":"created","notificationUrl":"\#(url)","resource":"me/mailFolders('inbox')/messages","expirationDateTime":"\#(expiry)","clientState":"s3cret"}"#
    }

    @Test("an endpoint that does not echo the validation token gets no subscription")
    func validationRequired() async throws {
        // A live endpoint that answers, but not with the token (another emulator's 404).
        let other = try await Sandbox.start(seed: 5, deals: 2)
        defer { Task { await other.shutdown() } }
        let refused = await call("POST", "/v1.0/subscriptions", create(url: other.baseURL + "/slack/no-such-hook", minutes: 60))
        #expect(refused.status == 400 && refused.body.contains("ValidationError"))
        let list = await call("GET", "/v1.0/subscriptions")
        #expect(list.status == 200 && list.body.contains(#""value":[]"#))
    }

    @Test("expiry beyond 10 080 minutes, or in the past, is refused; renewing an unknown subscription is 404")
    func limits() async throws {
        #expect(await call("POST", "/v1.0/subscriptions", create(url: "http://127.0.0.1:9/hook", minutes: 10_081)).status == 400)
        #expect(await call("POST", "/v1.0/subscriptions", create(url: "http://127.0.0.1:9/hook", minutes: -1)).status == 400)
        let expiry = ISO8601DateFormatter().string(from: now.addingTimeInterval(3600))
        let missing = await call("PATCH", "/v1.0/subscriptions/0b1c", #"{"expirationDateTime":"\#(expiry)"}"#)
        #expect(missing.status == 404 && missing.body.contains("ResourceNotFound"))
        #expect(await call("DELETE", "/v1.0/subscriptions/0b1c").status == 404)
    }
}
