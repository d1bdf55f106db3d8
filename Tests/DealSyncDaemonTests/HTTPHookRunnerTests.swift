import DealSyncCore
import DealSyncHooks
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

@testable import DealSyncDaemon

@Suite struct HTTPHookRunnerTests {
    final class Received: Sendable {
        let bodies = Mutex<[String]>([])
    }

    /// A real HTTP server on loopback: `/hook` answers `reply`, `/fail` 500, `/slow` after 1.5 s.
    static func withServer(reply: String, _ body: @Sendable (Int, Received) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            received.bodies.withLock { $0.append(String(buffer: bytes)) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: reply)))
        }
        router.post("/fail") { _, _ -> Response in Response(status: .internalServerError) }
        router.post("/slow") { _, _ -> Response in
            try await Task.sleep(for: .milliseconds(1500))
            return Response(status: .ok)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "hook-server")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port, received)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func change() -> HookChange {
        HookChange(org: OrgID("acme"), record: .make(), kind: .deal, fields: ["name": .string("Call 415-555-0199")], at: Date())
    }

    @Test("an HTTP hook is POSTed the redacted request and its reply becomes an edit")
    func success() async throws {
        try await Self.withServer(reply: #"{"edits":[{"field":"segment","value":{"t":"string","v":"enterprise"}}]}"#) { port, received in
            let runner = HTTPHookRunner(url: "http://127.0.0.1:\(port)/hook", timeout: .seconds(10))
            let hook = ExternalHook(name: "web", writableFields: ["segment"], timeout: .seconds(10), invoke: runner.invoke)
            let (work, outcomes) = await HookPipeline(hooks: [GuardrailHook(timeout: .seconds(10)), hook]).run(Self.change())
            #expect(outcomes.map(\.outcome) == [.success, .success])
            #expect(work.edits == [FieldEdit(record: work.change.record, field: "segment", value: .string("enterprise"))])
            let body = try #require(received.bodies.withLock { $0.first })
            #expect(body.contains("[PHONE]") && !body.contains("415-555-0199"))
        }
    }

    @Test("an error status, an invalid reply or a timeout fails the hook and sync goes on")
    func failures() async throws {
        try await Self.withServer(reply: "not json") { port, _ in
            for path in ["/hook", "/fail", "/slow"] {
                let runner = HTTPHookRunner(url: "http://127.0.0.1:\(port)\(path)", timeout: .milliseconds(500))
                let hook = ExternalHook(name: "web", writableFields: ["segment"], timeout: .seconds(10), invoke: runner.invoke)
                let (work, outcomes) = await HookPipeline(hooks: [GuardrailHook(timeout: .seconds(10)), hook]).run(Self.change())
                #expect(outcomes.map(\.outcome) == [.success, .failure], "\(path)")
                #expect(work.edits.isEmpty)
            }
            await #expect(throws: HTTPHookError.status(500)) {
                try await HTTPHookRunner(url: "http://127.0.0.1:\(port)/fail").post(Data("{}".utf8))
            }
        }
    }

    @Test("a reply over the cap is refused")
    func replyCap() async throws {
        try await Self.withServer(reply: String(repeating: "x", count: 5000)) { port, _ in
            await #expect(throws: HTTPHookError.replyTooLarge) {
                try await HTTPHookRunner(url: "http://127.0.0.1:\(port)/hook", maxReplyBytes: 1000).post(Data("{}".utf8))
            }
        }
    }
}
