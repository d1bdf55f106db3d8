import Foundation

/// An emulator of a CRM or mail API that the `Sandbox` builds from the seeded world.
/// Salesforce, HubSpot and Pipedrive (and later Gmail, Graph) conform.
public protocol SeededEmulator: Emulator {
    init(world: SeedWorld, options: EmulatorOptions)

    /// What a client needs to talk to this emulator, with the keys DESIGN §9 pins:
    /// `access_token`; for OAuth services also `client_id`, `client_secret`, `refresh_token`;
    /// Pipedrive `api_token`; plus `webhook_secret` etc. where the API signs webhooks.
    var credentials: [String: String] { get }

    /// Change a record as a person using that CRM would: advance its modification stamps and
    /// fire its webhooks. `object` is the API's own type name (`Opportunity`, `deals`, `deal`).
    /// A nil `id` creates a record. Returns the record as the API would show it.
    func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue

    /// Where webhook deliveries go (the daemon's `/webhooks/{org}/{source}`); nil stops them.
    func setWebhookTarget(_ url: String?) async
}

public struct SandboxEdit: Sendable, Hashable {
    public var object: String
    public var id: String?
    public var fields: [String: JSONValue]
    public var delete: Bool
    public init(object: String, id: String?, fields: [String: JSONValue] = [:], delete: Bool = false) {
        self.object = object
        self.id = id
        self.fields = fields
        self.delete = delete
    }
}

public struct SandboxEditError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A request allowance over a rolling window, e.g. HubSpot's 100 requests per 10 s.
public struct RateLimitSetting: Sendable, Hashable {
    public var limit: Int
    public var window: Duration
    public init(limit: Int, window: Duration) { self.limit = limit; self.window = window }
}

public struct EmulatorOptions: Sendable {
    /// Burst limit; nil means the emulator's documented default.
    public var rateLimit: RateLimitSetting?
    /// Requests allowed per day; nil means the emulator's documented default.
    public var dailyLimit: Int?
    /// Seconds an access token lives before the API answers 401 and a refresh is needed.
    public var tokenLifetime: TimeInterval
    /// The sandbox clock; tests may move it.
    public var now: @Sendable () -> Date

    public init(rateLimit: RateLimitSetting? = nil, dailyLimit: Int? = nil, tokenLifetime: TimeInterval = 7200,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.rateLimit = rateLimit
        self.dailyLimit = dailyLimit
        self.tokenLifetime = tokenLifetime
        self.now = now
    }
}
