import DealSyncCore
import DealSyncMail
import DealSyncSandbox
import Foundation
import Testing

/// The Graph watcher against the Graph emulator in process.
@Suite("Graph watcher")
struct GraphWatcherTests {
    let clock = WatcherTestClock()
    let graph: GraphEmulator
    let watcher: GraphWatcher

    init() {
        let clock = self.clock
        graph = GraphEmulator(world: SeedWorld.generate(seed: 5, deals: 12, anchor: Date(timeIntervalSince1970: 1_760_000_000)),
                              options: EmulatorOptions(now: { clock.now() }))
        let emulator = graph
        let token = graph.credentials["access_token"]!
        var configuration = GraphWatcher.Configuration(baseURL: "http://sandbox/graph")
        configuration.pageSize = 4
        watcher = GraphWatcher(configuration: configuration, accessToken: { token }, perform: { request in
            let url = URLComponents(string: request.url)!
            let response = await emulator.handle(SandboxRequest(
                method: request.method, path: String(url.path.dropFirst("/graph".count)),
                query: (url.queryItems ?? []).map { SandboxQueryItem(name: $0.name, value: $0.value ?? "") },
                headers: request.headers.map { ($0.key, $0.value) } + [("Host", "sandbox")], body: request.body))
            return HTTPExchangeResponse(status: response.status, headers: Dictionary(response.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                    body: response.body)
        })
    }

    func deliver(_ subject: String) async throws {
        _ = try await graph.applyHumanEdit(SandboxEdit(object: "message", id: nil, fields: [
            "from": "dana@fabrikam.example", "subject": .string(subject), "body": "We are in.",
        ]))
    }

    @Test("first round pages to a deltaLink; the deltaLink returns only new mail")
    func delta() async throws {
        let (first, cursor) = try await watcher.sync(from: nil, now: clock.now())
        #expect(first.count > 4)  // more than one page
        #expect(cursor.deltaLink.contains("$deltatoken="))
        #expect(first.allSatisfy { !$0.message.newText.isEmpty && !$0.message.from.isEmpty })
        try await deliver("new one")
        let (second, next) = try await watcher.sync(from: cursor, now: clock.now())
        #expect(second.map(\.message.subject) == ["new one"])
        let (third, _) = try await watcher.sync(from: next, now: clock.now())
        #expect(third.isEmpty)
    }

    @Test("410 syncStateNotFound restarts the round: no message lost, none duplicated")
    func syncStateNotFound() async throws {
        let (first, cursor) = try await watcher.sync(from: nil, now: clock.now())
        try await deliver("while token ages out")
        _ = try await graph.applyHumanEdit(SandboxEdit(object: "delta", id: nil, delete: true))
        let (recovered, next) = try await watcher.sync(from: cursor, now: clock.now())
        #expect(recovered.map(\.message.subject) == ["while token ages out"])
        try await deliver("after")
        let (later, _) = try await watcher.sync(from: next, now: clock.now())
        #expect(later.map(\.message.subject) == ["after"])
        let ids = (first + recovered + later).map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test("429 with Retry-After becomes rate-limited until then")
    func throttled() async throws {
        let now = Date(timeIntervalSince1970: 1_000)
        let throttled = GraphWatcher(configuration: .init(baseURL: "http://x"), accessToken: { "t" }, perform: { _ in
            HTTPExchangeResponse(status: 429, headers: ["Retry-After": "2.5"], body: Data(#"{"error":{"code":"TooManyRequests"}}"#.utf8))
        })
        do {
            _ = try await throttled.sync(from: nil, now: now)
            Issue.record("expected a rate-limit error")
        } catch let error as SyncError {
            #expect(error.kind == .rateLimited(until: now.addingTimeInterval(2.5)))
        }
    }
}
