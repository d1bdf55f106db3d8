import DealSyncSandbox
import Foundation
import Synchronization
import Testing

/// Records pushes instead of sending them.
final class GmailPushRecorder: PipedriveWebhookTransport {
    let posts = Mutex<[(url: String, body: Data)]>([])
    func post(url: String, headers: [(name: String, value: String)], body: Data) async throws -> Int {
        posts.withLock { $0.append((url, body)) }
        return 204
    }
}

@Suite("Gmail emulator")
struct GmailEmulatorTests {
    let transport = GmailPushRecorder()
    let gmail: GmailEmulator

    init() {
        let world = SeedWorld.generate(seed: 7, deals: 10, anchor: Date(timeIntervalSince1970: 1_760_000_000))
        gmail = GmailEmulator(world: world, options: EmulatorOptions(now: { Date(timeIntervalSince1970: 1_760_000_000) }),
                              transport: transport)
    }

    func get(_ path: String, _ query: [(String, String)] = []) async -> (Int, JSONValue) {
        let request = SandboxRequest(method: "GET", path: "/gmail/v1/users/me/" + path,
                                     query: query.map { SandboxQueryItem(name: $0.0, value: $0.1) },
                                     headers: [("Authorization", "Bearer \(gmail.credentials["access_token"]!)")])
        let response = await gmail.handle(request)
        return (response.status, (try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null)
    }

    @Test("messages.list pages newest first; messages.get full and raw carry the seeded thread")
    func listAndGet() async throws {
        let (status, first) = await get("messages", [("labelIds", "INBOX"), ("maxResults", "3")])
        #expect(status == 200)
        let ids = first["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.count == 3)
        let token = try #require(first["nextPageToken"]?.stringValue)
        let (_, second) = await get("messages", [("labelIds", "INBOX"), ("maxResults", "3"), ("pageToken", token)])
        #expect(Set(ids).isDisjoint(with: second["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []))

        let (_, full) = await get("messages/\(ids[0])")
        #expect(full["payload"]?["headers"]?.arrayValue?.contains { $0["name"]?.stringValue == "Subject" } == true)
        #expect(full["payload"]?["body"]?["data"]?.stringValue?.isEmpty == false)
        let (_, raw) = await get("messages/\(ids[0])", [("format", "raw")])
        let rawText = raw["raw"]?.stringValue ?? ""
        #expect(!rawText.contains("+") && !rawText.contains("/") && !rawText.contains("="))
        let (missing, _) = await get("messages/nope")
        #expect(missing == 404)
    }

    @Test("history.list returns new messages after startHistoryId; expired history answers 404")
    func historyAndExpiry() async throws {
        let (_, profile) = await get("profile")
        let start = try #require(profile["historyId"]?.stringValue)
        _ = try await gmail.applyHumanEdit(SandboxEdit(object: "message", id: nil, fields: [
            "from": "Ann <ann@northwind.example>", "subject": "New order", "body": "Please find the PO attached.",
        ]))
        let (status, history) = await get("history", [("startHistoryId", start), ("historyTypes", "messageAdded")])
        #expect(status == 200)
        #expect(history["history"]?.arrayValue?.count == 1)
        #expect(Int(history["historyId"]?.stringValue ?? "") ?? 0 > Int(start)!)

        _ = try await gmail.applyHumanEdit(SandboxEdit(object: "history", id: nil, delete: true))
        let (expired, body) = await get("history", [("startHistoryId", start)])
        #expect(expired == 404)
        #expect(body["error"]?["status"]?.stringValue == "NOT_FOUND")
    }

    @Test("users.watch then a delivered message pushes a Pub/Sub notification to the target")
    func watchAndPush() async throws {
        await gmail.setWebhookTarget("http://127.0.0.1:1/webhooks/acme/gmail")
        let watch = SandboxRequest(method: "POST", path: "/gmail/v1/users/me/watch",
                                   headers: [("Authorization", "Bearer \(gmail.credentials["access_token"]!)")],
                                   body: Data(#"{"topicName":"projects/p/topics/t","labelIds":["INBOX"]}"#.utf8))
        let watched = await gmail.handle(watch)
        #expect(watched.status == 200)
        _ = try await gmail.applyHumanEdit(SandboxEdit(object: "message", id: nil, fields: ["subject": "hello"]))
        let posts = transport.posts.withLock { $0 }
        #expect(posts.count == 1)
        let envelope = try JSONDecoder().decode(JSONValue.self, from: try #require(posts.first?.body))
        let data = try #require(Data(base64Encoded: envelope["message"]?["data"]?.stringValue ?? ""))
        let notice = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(notice["emailAddress"]?.stringValue == gmail.credentials["email_address"])
    }

    @Test("a bad token gets Google's 401; the refresh grant issues a working token")
    func auth() async throws {
        let denied = await gmail.handle(SandboxRequest(method: "GET", path: "/gmail/v1/users/me/profile", headers: [("Authorization", "Bearer wrong")]))
        #expect(denied.status == 401)
        let form = "grant_type=refresh_token&refresh_token=\(gmail.credentials["refresh_token"]!)&client_id=\(gmail.credentials["client_id"]!)&client_secret=\(gmail.credentials["client_secret"]!)"
        let refreshed = await gmail.handle(SandboxRequest(method: "POST", path: "/token", body: Data(form.utf8)))
        #expect(refreshed.status == 200)
        let token = try JSONDecoder().decode(JSONValue.self, from: refreshed.body)["access_token"]?.stringValue ?? ""
        let ok = await gmail.handle(SandboxRequest(method: "GET", path: "/gmail/v1/users/me/profile", headers: [("Authorization", "Bearer \(token)")]))
        #expect(ok.status == 200)
    }

    @Test("messages.insert stores base64url raw and returns its id")
    func insert() async throws {
        let raw = Data("From: x@outside.example\r\nSubject: hi\r\n\r\nbody\r\n".utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
        let response = await gmail.handle(SandboxRequest(
            method: "POST", path: "/gmail/v1/users/me/messages",
            headers: [("Authorization", "Bearer \(gmail.credentials["access_token"]!)")],
            body: Data(#"{"raw":"\#(raw)","labelIds":["INBOX"]}"#.utf8)))
        #expect(response.status == 200)
        let id = try JSONDecoder().decode(JSONValue.self, from: response.body)["id"]?.stringValue ?? ""
        let (_, fetched) = await get("messages/\(id)", [("format", "metadata"), ("metadataHeaders", "Subject")])
        #expect(fetched["payload"]?["headers"]?.arrayValue?.first?["value"]?.stringValue == "hi")
    }
}
