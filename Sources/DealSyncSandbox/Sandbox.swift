import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Every emulator on one loopback listener, each under its service prefix
/// (`http://HOST:PORT/hubspot`), wrapped with the request log and fault injection.
///
///     let sandbox = try await Sandbox.start(seed: 7)
///     sandbox.urls["hubspot"]              // http://127.0.0.1:PORT/hubspot
///     try sandbox.addFault(FaultRule(errorRate: 1, remaining: 2), service: "hubspot")
///     try await sandbox.edit("hubspot", SandboxEdit(object: "deals", id: "…", fields: ["amount": 10]))
///     await sandbox.shutdown()
public final class Sandbox: Sendable {
    public let seed: UInt64
    public let world: SeedWorld
    public let host: String
    public let port: Int
    public let clock: SandboxClock
    public let slack: SlackEmulator
    public let lookup: LookupEmulator
    /// Service names in announcement order.
    public let services: [String]
    let hosts: [String: ServiceHost]
    private let group: ServiceGroup
    private let server: Task<Void, Never>

    private init(seed: UInt64, world: SeedWorld, host: String, port: Int, clock: SandboxClock, slack: SlackEmulator,
                 lookup: LookupEmulator, services: [String], hosts: [String: ServiceHost], group: ServiceGroup,
                 server: Task<Void, Never>) {
        self.seed = seed
        self.world = world
        self.host = host
        self.port = port
        self.clock = clock
        self.slack = slack
        self.lookup = lookup
        self.services = services
        self.hosts = hosts
        self.group = group
        self.server = server
    }

    /// Seeds the world (`deals` deals in each CRM), builds the emulators and listens; returns
    /// once the port accepts connections. Port 0 picks a free port (see `port`).
    public static func start(host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 7, deals: Int = 200,
                             options: SandboxOptions = SandboxOptions(),
                             services: [SandboxServiceFactory] = Sandbox.defaultServices) async throws -> Sandbox {
        try await start(host: host, port: port, seed: seed, world: SeedWorld.generate(seed: seed, deals: deals),
                        options: options, services: services)
    }

    /// As above with a world built by the caller.
    public static func start(host: String = "127.0.0.1", port: Int = 0, seed: UInt64, world: SeedWorld,
                             options: SandboxOptions = SandboxOptions(),
                             services: [SandboxServiceFactory] = Sandbox.defaultServices) async throws -> Sandbox {
        // Emulators index their share of the world independently; at 100,000 deals that takes
        // seconds each, so they are built side by side.
        var emulators: [any Emulator] = await withTaskGroup(of: (Int, any SeededEmulator).self) { group in
            for (index, factory) in services.enumerated() {
                let emulatorOptions = options.emulatorOptions(for: factory.service)
                group.addTask { (index, factory.make(world, emulatorOptions)) }
            }
            var built: [(Int, any SeededEmulator)] = []
            for await result in group { built.append(result) }
            return built.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let slack = SlackEmulator(seed: seed, options: options.emulatorOptions(for: "slack"))
        let lookup = LookupEmulator(world: world, seed: seed, options: options.emulatorOptions(for: "lookup"))
        emulators += [slack, lookup]
        var hosts: [String: ServiceHost] = [:]
        for emulator in emulators {
            guard hosts[emulator.service] == nil else { throw SandboxError("two emulators named \(emulator.service)") }
            hosts[emulator.service] = ServiceHost(emulator: emulator, seed: seed, logCapacity: options.requestLogCapacity,
                                                  hangLimit: options.hangLimit, faults: options.faults[emulator.service] ?? [])
        }
        let configured = Set(options.faults.keys).union(options.rateLimits.keys).union(options.dailyLimits.keys)
            .union(options.tokenLifetimes.keys)
        if let unknown = configured.sorted().first(where: { hosts[$0] == nil }) {
            throw SandboxError("options name an unknown service \(unknown); services are \(hosts.keys.sorted())")
        }

        var logger = Logger(label: "dealsync-sandbox")
        logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .warning
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            responder: SandboxResponder(hosts: hosts),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        // Our own group, without signal handlers: the embedding process owns its signals, and
        // `shutdown()` stops the server gracefully instead of cancelling in-flight requests.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let server = Task {
            do {
                try await group.run()
                continuation.yield(.failure(SandboxError("the sandbox server stopped")))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        var iterator = events.makeAsyncIterator()
        let boundPort: Int
        switch await iterator.next() ?? .failure(SandboxError("cannot listen on \(host):\(port)")) {
        case .success(let port): boundPort = port
        case .failure(let error):
            await group.triggerGracefulShutdown()
            await server.value
            throw error
        }
        return Sandbox(seed: seed, world: world, host: host, port: boundPort, clock: options.clock, slack: slack,
                       lookup: lookup, services: emulators.map(\.service), hosts: hosts, group: group, server: server)
    }

    /// Stops listening and waits for in-flight requests; hung requests are released first.
    public func shutdown() async {
        for host in hosts.values { host.stop() }
        await group.triggerGracefulShutdown()
        await server.value
    }

    public var baseURL: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Each service's base URL: a client of the real API needs only this changed.
    public var urls: [String: String] { Dictionary(uniqueKeysWithValues: services.map { ($0, "\(baseURL)/\($0)") }) }

    /// What a client needs per service (DESIGN §9 keys), without `url`.
    public var credentials: [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for (service, host) in hosts {
            if let seeded = host.seeded { result[service] = seeded.credentials }
        }
        result["slack"] = ["webhook_url": baseURL + "/slack" + slack.webhookPath]
        result["lookup"] = ["access_token": lookup.apiKey]
        return result
    }

    /// The JSON line `dealsync-sandbox` prints: per service its `url` and credentials.
    public var announcement: JSONValue {
        let creds = credentials
        var o: [String: JSONValue] = [:]
        for service in services {
            var entry = (creds[service] ?? [:]).mapValues(JSONValue.string)
            entry["url"] = .string("\(baseURL)/\(service)")
            o[service] = .object(entry)
        }
        return .object(o)
    }

    public func emulator(_ service: String) -> (any Emulator)? { hosts[service]?.emulator }

    func serviceHost(_ service: String) throws -> ServiceHost {
        guard let host = hosts[service] else {
            throw SandboxError("no emulated service named \(service); services are \(services)")
        }
        return host
    }
}
