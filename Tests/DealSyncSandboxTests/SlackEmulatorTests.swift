import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct SlackEmulatorTests {
    func post(_ slack: SlackEmulator, path: String? = nil, body: String, contentType: String = "application/json") async -> SandboxResponse {
        await slack.handle(SandboxRequest(method: "POST", path: path ?? slack.webhookPath,
                                          headers: [("Content-Type", contentType)], body: Data(body.utf8)))
    }

    @Test func acceptsTextAndBlocksLikeSlack() async throws {
        let slack = SlackEmulator(seed: 7, options: EmulatorOptions())
        let r = await post(slack, body: #"{"text":"Deal *Acme* moved to Closed Won","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]}"#)
        #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self) == "ok")
        #expect(r.header("Content-Type")?.hasPrefix("text/plain") == true)
        let form = await post(slack, body: "payload=%7B%22text%22%3A%22via+form%22%7D", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 200)
        #expect(slack.messages.map(\.text) == ["Deal *Acme* moved to Closed Won", "via form"])
        #expect(slack.messages[0].blocks?.arrayValue?.count == 1)
        let listed = await slack.handle(SandboxRequest(method: "GET", path: "/__sandbox/messages"))
        #expect(listed.status == 200)
        #expect(try JSONDecoder().decode(JSONValue.self, from: listed.body).arrayValue?.count == 2)
    }

    @Test func answersSlacksPlainTextErrors() async {
        let slack = SlackEmulator(seed: 7, options: EmulatorOptions())
        func check(_ r: SandboxResponse, _ status: Int, _ text: String) {
            #expect(r.status == status)
            #expect(String(decoding: r.body, as: UTF8.self) == text)
        }
        check(await post(slack, body: "{not json"), 400, "invalid_payload")
        check(await post(slack, body: #"{"text":""}"#), 400, "no_text")
        check(await post(slack, body: #"{"text":"x","blocks":"nope"}"#), 400, "invalid_blocks")
        check(await post(slack, path: "/services/T000/B000/wrongsecret", body: #"{"text":"x"}"#), 404, "no_service")
        check(await post(slack, path: "/api/chat.postMessage", body: #"{"text":"x"}"#), 404, "no_service")
        #expect(slack.messages.isEmpty)
    }

    @Test func throttlesBurstsWithRetryAfter() async {
        let clock = SandboxClock()
        let slack = SlackEmulator(seed: 7, options: EmulatorOptions(rateLimit: RateLimitSetting(limit: 3, window: .seconds(10)),
                                                                    now: { clock.now() }))
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(await post(slack, body: #"{"text":"x"}"#).status) }
        #expect(statuses == [200, 200, 200, 429])
        let limited = await post(slack, body: #"{"text":"x"}"#)
        #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        clock.advance(by: 11)
        #expect(await post(slack, body: #"{"text":"x"}"#).status == 200)
        #expect(slack.messages.count == 4)
    }

    @Test func webhookSecretDependsOnTheSeed() {
        let a = SlackEmulator(seed: 1, options: EmulatorOptions()).webhookPath
        #expect(a == SlackEmulator(seed: 1, options: EmulatorOptions()).webhookPath)
        #expect(a != SlackEmulator(seed: 2, options: EmulatorOptions()).webhookPath)
        #expect(a.hasPrefix("/services/T"))
    }
}
