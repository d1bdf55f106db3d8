import DealSyncControl
import DealSyncCore
import Foundation
import DealSyncStore
import Hummingbird
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

@testable import DealSyncDaemon

/// `buildDaemon` run inside the test process, so the health registry and store can be
/// reached directly while the HTTP and control faces are checked from outside.
@Suite("buildDaemon in process", .serialized)
struct InProcessDaemonTests {
    @Test("/readyz answers 503 with coded reasons while a critical condition is raised, and 200 after")
    func readinessFollowsHealth() async throws {
        let fixture = try ConfigFixture()
        try await withDaemon(fixture) { daemon, config in
            #expect(try await Self.get(config.httpListen.port, "/readyz").status == 200)
            daemon.runtime.health.set(HealthCondition(.storeReadonly, .critical, "disk full"))
            let (status, body) = try await Self.get(config.httpListen.port, "/readyz")
            #expect(status == 503)
            let decoded = try JSONDecoder().decode(ReadinessBody.self, from: Data(body.utf8))
            #expect(!decoded.ready)
            #expect(decoded.reasons.map(\.code) == ["store.readonly"])
            #expect(decoded.reasons.first?.severity == "critical")
            #expect(decoded.reasons.first?.message == "disk full")
            let health = try await AsyncControlClient(socketPath: config.controlSocket).call(HealthCommand())
            #expect(health.status == .critical)
            daemon.runtime.health.clear(.storeReadonly)
            #expect(try await Self.get(config.httpListen.port, "/readyz").status == 200)
        }
    }

    @Test("a pause survives a restart; resync is recorded as one pending admin job per object")
    func pauseSurvivesRestart() async throws {
        let fixture = try ConfigFixture()
        try fixture.write("hub.json", #"{"access_token":"t"}"#)
        let yaml = """
            orgs:
              acme:
                sources:
                  hub:
                    kind: hubspot
                    objects: [deal, contact]
                    credentials: { file: hub.json }
            """
        try await withDaemon(fixture, yaml: yaml) { _, config in
            let client = AsyncControlClient(socketPath: config.controlSocket)
            _ = try await client.call(PauseCommand(org: OrgID("acme"), source: SourceID("hub")))
            _ = try await client.call(ResyncCommand(org: OrgID("acme"), source: SourceID("hub")))
            _ = try await client.call(ResyncCommand(org: OrgID("acme"), source: SourceID("hub"), object: .deal))
            await #expect(throws: ControlError.self) {
                try await client.call(PauseCommand(org: OrgID("acme"), source: SourceID("nope")))
            }
        }
        try await withDaemon(fixture, yaml: yaml) { daemon, config in
            let paused = await daemon.runtime.pausedSources
            #expect(paused.keys.map(\.description) == ["acme/hub"])
            let status = try await AsyncControlClient(socketPath: config.controlSocket).call(StatusCommand())
            #expect(status.sources.first?.paused == true)
            #expect(status.conditions.map(\.code) == ["source.paused"])
            let jobs = try await daemon.runtime.store.org(OrgID("acme")).read { tx in try tx.jobs(source: SourceID("hub")) }
            #expect(jobs.filter { $0.kind == .resync }.map(\.object).sorted() == ["contact", "deal"])
            #expect(jobs.allSatisfy { $0.priority == .adminResync })
            let audit = try await daemon.runtime.store.org(OrgID("acme")).read { tx in try tx.auditEntries() }
            #expect(audit.map(\.action) == ["control.pause", "control.resync", "control.resync", "control.pause"])
            #expect(audit.last?.details["outcome"] == "failed:not_found")
            #expect(try daemon.runtime.store.org(OrgID("acme")).verifyAudit() == nil)
        }
    }

    @Test("control reload applies new sources, names restart-only keys, and rejects a broken file with file:line")
    func controlReload() async throws {
        let fixture = try ConfigFixture()
        try fixture.write("hub.json", #"{"access_token":"t"}"#)
        try await withDaemon(fixture) { daemon, config in
            let client = AsyncControlClient(socketPath: config.controlSocket)
            try fixture.write("dealsync.yaml", """
                state_dir: state
                control_socket: c.sock
                http_listen: 127.0.0.1:1
                orgs:
                  acme:
                    sources:
                      hub:
                        kind: hubspot
                        credentials: { file: hub.json }
                """)
            let ack = try await client.call(ReloadCommand())
            #expect(ack.message == "configuration reloaded; restart to apply http_listen")
            #expect(try await client.call(SourcesCommand()).sources.map(\.source.rawValue) == ["hub"])
            #expect(await daemon.runtime.config.httpListen == config.httpListen)

            try fixture.write("dealsync.yaml", "orgs:\n  acme:\n    sources:\n      hub:\n        kind: 42\n")
            do {
                _ = try await client.call(ReloadCommand())
                Issue.record("a broken file must be rejected")
            } catch let error as ControlError {
                #expect(error.code.rawValue == "invalid_config")
                #expect(error.message.contains("\(fixture.configPath):5: orgs.acme.sources.hub.kind: unknown source kind \"42\""))
            }
            #expect(try await client.call(SourcesCommand()).sources.map(\.source.rawValue) == ["hub"])
            #expect(daemon.runtime.health.snapshot().conditions.map(\.code) == ["config.reload_failed"])
        }
    }

    @Test("a DaemonPart adds a service, a route and a command; its service stops before the store closes")
    func partsAreWired() async throws {
        let fixture = try ConfigFixture()
        let events = ProbePart.Events()
        try await withDaemon(fixture, parts: [ProbePart(events: events)]) { _, config in
            let (status, body) = try await Self.get(config.httpListen.port, "/probe")
            #expect(status == 200)
            #expect(body == "probe")
            let client = AsyncControlClient(socketPath: config.controlSocket)
            #expect(try await client.call(ProbeCommand()) == "pong")
        }
        #expect(events.all == ["service started", "service stopping, store writable: true"])
    }

    /// Builds and runs a daemon on `yaml` in the fixture, waits until it is ready, runs `body`,
    /// then shuts it down gracefully and waits for the group to finish.
    private func withDaemon(
        _ fixture: ConfigFixture, yaml: String = "orgs: {}\n", parts: [any DaemonPart] = [],
        _ body: (Daemon, DaemonConfig) async throws -> Void
    ) async throws {
        try fixture.write("dealsync.yaml", yaml + "\nstate_dir: state\ncontrol_socket: c.sock\nhttp_listen: 127.0.0.1:\(try Self.freePort())\n")
        let capture = LogCapture()
        let loader = ConfigLoader(environment: CredentialEnvironment(variables: [:]), logger: capture.logger())
        let config = try loader.load(path: fixture.configPath)
        var options = DaemonOptions()
        options.loader = loader
        options.notifier = SystemdNotifier(environment: [:])
        options.watchdog = nil
        options.parts = parts
        options.logger = capture.logger("dealsync.daemon", level: .info)
        let daemon = try await buildDaemon(config: config, options: options)
        let running = Task { try await daemon.group.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while await daemon.runtime.state != .ready, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        do {
            try #require(await daemon.runtime.state == .ready, "not ready; log:\n\(capture.text)")
            try await body(daemon, config)
        } catch {
            await daemon.group.triggerGracefulShutdown()
            try? await running.value
            throw error
        }
        await daemon.group.triggerGracefulShutdown()
        try await running.value
    }

    static func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A stand-in for the sync engine's part: records what the composition root did with it.
struct ProbePart: DaemonPart {
    final class Events: Sendable {
        private let list = Mutex<[String]>([])
        func add(_ event: String) { list.withLock { $0.append(event) } }
        var all: [String] { list.withLock { $0 } }
    }

    struct ProbeService: Service {
        let events: Events
        let store: Store

        func run() async throws {
            events.add("service started")
            try? await gracefulShutdown()
            events.add("service stopping, store writable: \(store.isWritable())")
        }
    }

    struct ProbeRoutes: HTTPRouteProvider {
        func addRoutes(to router: Router<BasicRequestContext>) {
            router.get("/probe") { _, _ in "probe" }
        }
    }

    let events: Events

    func services(in context: DaemonContext) async throws -> [any Service] {
        [ProbeService(events: events, store: context.store)]
    }

    func routes(in context: DaemonContext) -> [any HTTPRouteProvider] { [ProbeRoutes()] }

    func registerCommands(into table: inout ControlCommandTable, context: DaemonContext) {
        table.register(ProbeCommand.self) { _, _ in "pong" }
    }
}

struct ProbeCommand: ControlCommand {
    typealias Result = String
    static let name = "test.probe"
    static let access = ControlAccess.read
}

/// The blocking control client on a dispatch thread: the daemon under test runs on this
/// process's cooperative pool, which a blocking socket read would starve.
struct AsyncControlClient: Sendable {
    let client: ControlClient

    init(socketPath: String) {
        client = ControlClient(socketPath: socketPath, timeout: .seconds(5))
    }

    func call<C: ControlCommand>(_ command: C) async throws -> C.Result {
        let client = self.client
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try client.call(command) }) }
        }
    }
}
