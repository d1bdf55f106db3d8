import Foundation
import Testing
@testable import DealSyncSandbox

@Suite(.serialized) struct SandboxServerTests {
    @Test func stripsThePrefixAndLogsEveryRequestInOrder() async throws {
        try await withEchoSandbox { sandbox in
            let echo = sandbox.urls["echo"]!
            let r = try await SandboxHTTP.send("GET", echo + "/services/data/v59.0/query?q=SELECT+Id+FROM+Account%20LIMIT%201&x=1")
            #expect(r.status == 200)
            #expect(r.json?["path"]?.stringValue == "/services/data/v59.0/query")
            #expect(r.json?["query"]?["q"]?.stringValue == "SELECT Id FROM Account LIMIT 1")
            _ = try await SandboxHTTP.json("POST", echo + "/crm/v3/objects/deals", ["properties": [:]])
            _ = try await SandboxHTTP.send("DELETE", echo + "/crm/v3/objects/deals/17")

            let log = try await SandboxHTTP.send("GET", echo + "/__sandbox/requests")
            let entries = log.json?.arrayValue ?? []
            #expect(entries.map { "\($0["method"]!.stringValue!) \($0["path"]!.stringValue!) \($0["status"]!.intValue!)" } == [
                "GET /services/data/v59.0/query 200", "POST /crm/v3/objects/deals 200", "DELETE /crm/v3/objects/deals/17 200",
            ])
            #expect(entries.first?["query"]?.stringValue == "q=SELECT+Id+FROM+Account%20LIMIT%201&x=1")
            #expect(try sandbox.requests(service: "echo", since: 2).map(\.method) == ["DELETE"])

            #expect(try await SandboxHTTP.send("DELETE", echo + "/__sandbox/requests").status == 204)
            #expect(try sandbox.requests(service: "echo").isEmpty)
            let unknown = try await SandboxHTTP.send("GET", sandbox.baseURL + "/nosuch/thing")
            #expect(unknown.status == 404)
        }
    }

    @Test func optionsNamingAnUnknownServiceAreRejected() async {
        var options = SandboxOptions()
        options.rateLimits["hubspt"] = RateLimitSetting(limit: 1, window: .seconds(1))
        await #expect(throws: SandboxError.self) {
            _ = try await Sandbox.start(seed: 1, deals: 5, options: options, services: [SandboxServiceFactory("echo", SandboxEcho.self)])
        }
    }

    @Test func aTakenPortIsAnErrorNotAHang() async throws {
        try await withEchoSandbox { first in
            await #expect(throws: (any Error).self) {
                let second = try await Sandbox.start(port: first.port, seed: 1, deals: 5,
                                                     services: [SandboxServiceFactory("echo", SandboxEcho.self)])
                await second.shutdown()
            }
        }
    }

    @Test func faultsSetOverHTTPAreServedAndCleared() async throws {
        try await withEchoSandbox { sandbox in
            let echo = sandbox.urls["echo"]!
            let set = try await SandboxHTTP.json("POST", echo + "/__sandbox/faults",
                                                 [["path": "/a", "error": 1, "statuses": [502], "count": 1],
                                                  ["path": "/b", "throttle": 1, "retry_after": 9]])
            #expect(set.status == 200)
            #expect(set.json?.arrayValue?.count == 2)
            let a = try await SandboxHTTP.send("GET", echo + "/a")
            #expect(a.status == 502 && a.headers["content-type"] == "text/html")
            #expect(try await SandboxHTTP.send("GET", echo + "/a").status == 200, "count=1 expired")
            let b = try await SandboxHTTP.send("GET", echo + "/b")
            #expect(b.status == 429 && b.headers["retry-after"] == "9", "the emulator's own 429")
            #expect(try await SandboxHTTP.json("POST", echo + "/__sandbox/faults", ["error": 3]).status == 400)
            #expect(try await SandboxHTTP.send("DELETE", echo + "/__sandbox/faults").status == 204)
            #expect(try await SandboxHTTP.send("GET", echo + "/b").status == 200)
            #expect(try sandbox.requests(service: "echo").map(\.status) == [502, 200, 429, 200])
        }
    }

    @Test func revocationMalformedAndTruncatedBodies() async throws {
        try await withEchoSandbox { sandbox in
            let echo = sandbox.urls["echo"]!
            try sandbox.addFault(FaultRule(path: "/r", revokeTokens: true), service: "echo")
            #expect(try await SandboxHTTP.send("GET", echo + "/r", headers: ["Authorization": "Bearer x"]).status == 401)
            #expect(try await SandboxHTTP.send("GET", echo + "/r?api_token=x").status == 401)
            #expect(try await SandboxHTTP.send("POST", echo + "/r/oauth/token").status == 200, "token endpoint still answers")
            try sandbox.setFaults([FaultRule(path: "/m", malformedRate: 1), FaultRule(path: "/t", truncateRate: 1)], service: "echo")
            let m = try await SandboxHTTP.send("GET", echo + "/m")
            #expect(m.status == 200 && m.json == nil && !m.body.isEmpty)
            let t = try await SandboxHTTP.send("GET", echo + "/t")
            #expect(t.status == 200 && t.json == nil && t.text.hasPrefix("{"))
            #expect(try sandbox.faults(service: "echo").count == 2)
            try sandbox.clearFaults(service: "echo")
            #expect(try await SandboxHTTP.send("GET", echo + "/m").json != nil)
        }
    }

    @Test func latencyAndHangs() async throws {
        var options = SandboxOptions()
        options.hangLimit = .seconds(3)
        options.faults["echo"] = [FaultRule(path: "/slow", latency: .milliseconds(300)), FaultRule(path: "/hang", hangRate: 1)]
        try await withEchoSandbox(options: options) { sandbox in
            let echo = sandbox.urls["echo"]!
            let clock = ContinuousClock()
            let start = clock.now
            let slow = try await SandboxHTTP.send("GET", echo + "/slow")
            #expect(slow.status == 200)
            #expect(clock.now - start >= .milliseconds(300))
            let hangStart = clock.now
            let hung: SandboxHTTPReply?
            do {
                hung = try await SandboxHTTP.send("GET", echo + "/hang", timeout: 1)
            } catch {
                hung = nil
            }
            #expect(hung == nil, "the client times out instead of getting an answer")
            #expect(clock.now - hangStart >= .milliseconds(900), "the sandbox held the request")
        }
    }

    @Test func editAndWebhookRoutesReachTheEmulator() async throws {
        try await withEchoSandbox { sandbox in
            let echo = sandbox.urls["echo"]!
            let edited = try await SandboxHTTP.json("POST", echo + "/__sandbox/edit",
                                                    ["object": "deals", "id": "123", "fields": ["amount": "5000"]])
            #expect(edited.status == 200)
            #expect(edited.json?["properties"]?["amount"]?.stringValue == "5000")
            let bad = try await SandboxHTTP.json("POST", echo + "/__sandbox/edit", ["object": "unicorns", "id": "1"])
            #expect(bad.status == 400)
            let viaSwift = try await sandbox.edit("echo", SandboxEdit(object: "deals", id: nil, fields: ["x": 1], delete: true))
            #expect(viaSwift["archived"] == true)
            let emulator = sandbox.emulator("echo") as! SandboxEcho
            #expect(emulator.state.withLock { $0.edits.map(\.id) } == ["123", nil])
            #expect(try await SandboxHTTP.json("POST", echo + "/__sandbox/webhook", ["url": "http://127.0.0.1:1/hook"]).status == 200)
            #expect(emulator.state.withLock { $0.webhook } == "http://127.0.0.1:1/hook")
            try await sandbox.setWebhookTarget(service: "echo", url: nil)
            #expect(emulator.state.withLock { $0.webhook } == nil)
            #expect(try sandbox.requests(service: "echo").isEmpty, "control routes are not logged")
        }
    }

    @Test func announcementAndConfigPointAtTheEmulators() async throws {
        let services = [SandboxServiceFactory("echo", SandboxEcho.self),
                        SandboxServiceFactory("pipedrive", SandboxEchoEmulator<SandboxEchoPipedrive>.self)]
        try await withEchoSandbox(services: services) { sandbox in
            let line = sandbox.announcement
            #expect(sandbox.services == ["echo", "pipedrive", "slack", "lookup"])
            #expect(line["echo"]?["url"]?.stringValue == sandbox.baseURL + "/echo")
            #expect(line["echo"]?["access_token"]?.stringValue == "echo-token")
            #expect(line["lookup"]?["access_token"]?.stringValue?.hasPrefix("sk_") == true)
            #expect(line["slack"]?["webhook_url"]?.stringValue?.hasPrefix(sandbox.baseURL + "/slack/services/") == true)

            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-config-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("dealsync.yaml").path
            let sources = try await sandbox.writeConfig(to: path, org: "acme", webhookBase: "http://127.0.0.1:9999")
            #expect(sources == ["pipedrive": "pipedrive-sandbox"], "only source kinds dealsyncd syncs")
            let yaml = try String(contentsOfFile: path, encoding: .utf8)
            #expect(yaml.contains("http_listen: \"127.0.0.1:9999\""))
            #expect(yaml.contains("""
              acme:
                sources:
                  pipedrive-sandbox:
                    kind: pipedrive
                    base_url: "\(sandbox.baseURL)/pipedrive"
                    objects: [deal, contact, company]
                    poll_interval: 30s
                    credentials:
                      file: "creds/pipedrive-sandbox.json"
            """))
            let creds = try Data(contentsOf: dir.appendingPathComponent("creds/pipedrive-sandbox.json"))
            #expect(try JSONDecoder().decode(JSONValue.self, from: creds) == ["access_token": "pipedrive-token"])
            let mode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("creds/pipedrive-sandbox.json").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let pipedrive = sandbox.emulator("pipedrive") as! SandboxEchoEmulator<SandboxEchoPipedrive>
            #expect(pipedrive.state.withLock { $0.webhook } == "http://127.0.0.1:9999/webhooks/acme/pipedrive-sandbox")
        }
    }
}
