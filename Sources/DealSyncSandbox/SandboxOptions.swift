import Foundation

/// How a `Sandbox` is set up beyond its seed: limits and faults per service (keyed by service
/// name, `hubspot`), the request-log bound and the clock the emulators read.
public struct SandboxOptions: Sendable {
    /// Burst limits (`--rate-limit hubspot=100/10s`); absent services use their API's default.
    public var rateLimits: [String: RateLimitSetting] = [:]
    /// Daily allowances (`--daily-limit hubspot=250000`).
    public var dailyLimits: [String: Int] = [:]
    /// Faults active from the first request (`--fault …`).
    public var faults: [String: [FaultRule]] = [:]
    /// Access-token lifetimes in seconds; absent services use `EmulatorOptions`' default.
    public var tokenLifetimes: [String: TimeInterval] = [:]
    /// Requests each service's log keeps before dropping the oldest.
    public var requestLogCapacity = 1_000_000
    /// How long a hung request is held before the sandbox gives up on it (clients time out first).
    public var hangLimit: Duration = .seconds(120)
    /// The clock every emulator reads; move it to expire tokens or roll rate-limit windows.
    public var clock = SandboxClock()
    /// Quiet by default so the one JSON line stays the only thing on stdout.
    public var logLevel = "warning"

    public init() {}

    func emulatorOptions(for service: String) -> EmulatorOptions {
        let clock = self.clock
        var options = EmulatorOptions(rateLimit: rateLimits[service], dailyLimit: dailyLimits[service],
                                      now: { clock.now() })
        if let lifetime = tokenLifetimes[service] { options.tokenLifetime = lifetime }
        return options
    }
}

/// Builds one seeded emulator; `Sandbox.defaultServices` lists the ones `start` builds.
public struct SandboxServiceFactory: Sendable {
    public let service: String
    let make: @Sendable (SeedWorld, EmulatorOptions) -> any SeededEmulator

    public init(service: String, make: @escaping @Sendable (SeedWorld, EmulatorOptions) -> any SeededEmulator) {
        self.service = service
        self.make = make
    }

    public init<E: SeededEmulator>(_ service: String, _ type: E.Type) {
        self.init(service: service) { world, options in E(world: world, options: options) }
    }
}

public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
