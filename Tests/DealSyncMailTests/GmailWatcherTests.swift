import DealSyncCore
import DealSyncMail
import DealSyncSandbox
import Foundation
import Synchronization

import Testing

/// A clock the test moves by hand.
final class WatcherTestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_760_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The watcher against the Gmail emulator in process: URLs are split into the emulator's
/// request values, so no socket is needed.
@Suite("Gmail watcher")
struct GmailWatcherTests {
    let clock = WatcherTestClock()
    let gmail: GmailEmulator
    let watcher: GmailWatcher

    init() {
        let clock = self.clock
        gmail = GmailEmulator(world: SeedWorld.generate(seed: 3, deals: 8, anchor: Date(timeIntervalSince1970: 1_760_000_000)),
                              options: EmulatorOptions(now: { clock.now() }))
        let emulator = gmail
        let token = gmail.credentials["access_token"]!
        watcher = GmailWatcher(
            configuration: .init(baseURL: "http://sandbox/gmail"), accessToken: { token },
            perform: { request in
                let url = URLComponents(string: request.url)!
                let path = String(url.path.dropFirst("/gmail".count))
                let response = await emulator.handle(SandboxRequest(
                    method: request.method, path: path,
                    query: (url.queryItems ?? []).map { SandboxQueryItem(name: $0.name, value: $0.value ?? "") },
                    headers: request.headers.map { ($0.key, $0.value) }, body: request.body))
                return HTTPExchangeResponse(status: response.status, body: response.body)
            })
    }

    func advance(_ seconds: TimeInterval) { clock.advance(seconds) }

    func deliverFromOutside(_ subject: String) async throws {
        _ = try await gmail.applyHumanEdit(SandboxEdit(object: "message", id: nil, fields: [
            "from": .string("Ann Lee <ann@northwind.example>"), "subject": .string(subject), "body": "Can you send the quote?",
        ]))
    }

    @Test("first round lists the window; later rounds read history; nothing twice")
    func incremental() async throws {
        let now = clock.now()
        let (first, cursor) = try await watcher.sync(from: nil, now: now)
        #expect(!first.isEmpty)
        #expect(first.allSatisfy { $0.labelIds.contains("INBOX") })
        #expect(first.allSatisfy { !$0.message.from.isEmpty })

        advance(60)
        try await deliverFromOutside("one")
        let (second, next) = try await watcher.sync(from: cursor, now: clock.now())
        #expect(second.map(\.message.subject) == ["one"])
        let (third, _) = try await watcher.sync(from: next, now: clock.now())
        #expect(third.isEmpty)
    }

    @Test("expired historyId (404) re-lists from the last good time: no message lost, none duplicated")
    func expiredHistory() async throws {
        let (initial, cursor) = try await watcher.sync(from: nil, now: clock.now())
        advance(60)
        try await deliverFromOutside("before expiry")
        let (delivered, afterFirst) = try await watcher.sync(from: cursor, now: clock.now())
        #expect(delivered.map(\.message.subject) == ["before expiry"])

        advance(60)
        try await deliverFromOutside("during outage 1")
        advance(1)
        try await deliverFromOutside("during outage 2")
        _ = try await gmail.applyHumanEdit(SandboxEdit(object: "history", id: nil, delete: true))
        advance(60)
        let (recovered, afterRecovery) = try await watcher.sync(from: afterFirst, now: clock.now())
        #expect(recovered.map(\.message.subject) == ["during outage 1", "during outage 2"])

        advance(60)
        try await deliverFromOutside("after recovery")
        let (later, _) = try await watcher.sync(from: afterRecovery, now: clock.now())
        #expect(later.map(\.message.subject) == ["after recovery"])
        let all = (initial + delivered + recovered + later).map(\.id)
        #expect(Set(all).count == all.count)
    }

    @Test("a refused token is an auth error for the queue")
    func unauthorized() async throws {
        let refused = GmailWatcher(configuration: .init(baseURL: "http://sandbox/gmail"), accessToken: { "bad" },
                                   perform: { _ in HTTPExchangeResponse(status: 401) })
        await #expect(throws: SyncError.self) { try await refused.sync(from: nil, now: Date()) }
    }
}
