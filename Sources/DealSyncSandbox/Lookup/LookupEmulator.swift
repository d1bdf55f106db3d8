import Foundation
import Synchronization

/// A Clearbit-style company lookup: `GET /v2/companies/find?domain=…` with `Authorization:
/// Bearer KEY` (or Basic with the key as user name), answering from the seeded world's companies.
/// One company in ten is "not yet indexed": its first lookup answers 202 and later ones 200,
/// as Clearbit does while it researches a domain. 600 requests a minute, with Clearbit's headers.
public final class LookupEmulator: Emulator {
    public let service = "lookup"
    public let apiKey: String
    private let companies: [String: SeedCompany]
    private let seed: UInt64
    private let options: EmulatorOptions
    private let limit: RateLimitSetting
    /// Guards the rate window and the queued set; held for O(1) work, never across `await`.
    private let state: Mutex<State>

    struct State: Sendable {
        var window: FixedWindowLimit?
        var queued: Set<String> = []
    }

    public init(world: SeedWorld, seed: UInt64, options: EmulatorOptions) {
        var random = SeedRandom(seed: seed, stream: "lookup")
        apiKey = "sk_sandbox_" + (0..<4).map { _ in String(format: "%08x", UInt32(truncatingIfNeeded: random.next())) }.joined()
        companies = Dictionary(world.companies.map { ($0.domain, $0) }, uniquingKeysWith: { first, _ in first })
        self.seed = seed
        self.options = options
        limit = options.rateLimit ?? RateLimitSetting(limit: 600, window: .seconds(60))
        // Companies that need "research" before their first answer.
        var pending = SeedRandom(seed: seed, stream: "lookup/pending")
        state = Mutex(State(queued: Set(world.companies.compactMap { pending.chance(0.1) ? $0.domain : nil })))
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        guard let key = Self.apiKey(request) else {
            return Self.error(401, "auth_required", "Authentication is required for this action. Provide an API key.")
        }
        guard key == apiKey else { return Self.error(401, "invalid_api_key", "Invalid API key provided") }

        let now = options.now()
        let (retryAfter, window) = state.withLock { s -> (Int?, FixedWindowLimit) in
            var w = s.window ?? FixedWindowLimit(limit: limit, start: now)
            let r = w.take(at: now)
            s.window = w
            return (r, w)
        }
        if retryAfter != nil { return rateLimitedResponse(window: window) }
        var response = route(request)
        response.setHeader("x-ratelimit-limit", String(limit.limit))
        response.setHeader("x-ratelimit-remaining", String(window.remaining))
        response.setHeader("x-ratelimit-reset", String(Int(window.resetsAt.timeIntervalSince1970.rounded(.up))))
        response.setHeader("x-api-version", "2019-12-19")
        return response
    }

    private func route(_ request: SandboxRequest) -> SandboxResponse {
        guard request.segments == ["v2", "companies", "find"] else {
            return Self.error(404, "resource_missing", "No route for \(request.method) \(request.path)")
        }
        guard request.method == "GET" else { return Self.error(405, "method_not_allowed", "Use GET") }
        var domain = (request.queryValue("domain") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if domain.hasPrefix("www.") { domain.removeFirst(4) }
        guard domain.contains("."), !domain.contains(" "), !domain.contains("/"), !domain.contains("@") else {
            return Self.error(422, "invalid_domain", "The domain parameter must be a valid domain name")
        }
        guard let company = companies[domain] else {
            return Self.error(404, "unknown_record", "Unknown domain \(domain)")
        }
        let queued = state.withLock { $0.queued.remove(domain) != nil }
        if queued { return SandboxResponse(status: 202) }
        return .json(200, ClearbitCompany.json(company, seed: seed, indexedAt: options.now()))
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        rateLimitedResponse(window: FixedWindowLimit(limit: limit, start: options.now().addingTimeInterval(Double(retryAfterSeconds) - 60)))
    }

    private func rateLimitedResponse(window: FixedWindowLimit) -> SandboxResponse {
        var r = Self.error(429, "rate_limit", "API rate limit exceeded")
        r.setHeader("x-ratelimit-limit", String(limit.limit))
        r.setHeader("x-ratelimit-remaining", "0")
        r.setHeader("x-ratelimit-reset", String(Int(window.resetsAt.timeIntervalSince1970.rounded(.up))))
        return r
    }

    public func unauthorizedResponse() -> SandboxResponse { Self.error(401, "invalid_api_key", "Invalid API key provided") }

    static func error(_ status: Int, _ type: String, _ message: String) -> SandboxResponse {
        .json(status, ["error": ["type": .string(type), "message": .string(message)]])
    }

    /// Bearer token, or HTTP Basic with the key as user name and an empty password.
    static func apiKey(_ request: SandboxRequest) -> String? {
        guard let auth = request.header("Authorization") else { return nil }
        if auth.lowercased().hasPrefix("bearer ") { return String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        if auth.lowercased().hasPrefix("basic "), let data = Data(base64Encoded: String(auth.dropFirst(6))),
           let decoded = String(data: data, encoding: .utf8) {
            return String(decoded.prefix(while: { $0 != ":" }))
        }
        return nil
    }
}
