import Foundation
import Synchronization

/// Everything the emulated org changes while it serves requests.
struct SalesforceState: Sendable {
    var store = SalesforceStore()
    /// Live access tokens and when each was issued (ms); a token older than the lifetime
    /// answers 401 INVALID_SESSION_ID.
    var accessTokens: [String: Int64] = [:]
    var usage = SalesforceUsage()
    var cursors = SalesforceCursors()
}

/// Salesforce REST API emulator (see API-REFERENCE §1): OAuth refresh, SOQL `query` /
/// `queryAll` with `nextRecordsUrl` paging, sObject rows, upsert by external id,
/// `updated`/`deleted` replication, sObject Collections, describe, limits.
///
/// Concurrency: all state sits in one `Mutex`, and every handler runs synchronously inside
/// it, so each request sees and leaves a consistent org, as the real API's per-request
/// transactions do. Responses are encoded after the lock is released.
///
/// Push: Salesforce offers no signed JSON webhooks (only Outbound Messages, Streaming API and
/// Change Data Capture), and this emulator implements none of them; clients poll, as the
/// daemon's Salesforce connector does. `setWebhookTarget` therefore has nothing to deliver to.
public final class SalesforceEmulator: SeededEmulator {
    public let service = "salesforce"
    public let credentials: [String: String]

    let options: EmulatorOptions
    let dailyLimit: Int
    let directory: SalesforceDirectory
    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let state: Mutex<SalesforceState>

    /// The API versions served, v31.0 (Summer '14) to v62.0 (Winter '25); others answer 404
    /// as retired or future versions do.
    static let versions: [(version: String, label: String)] = (31...62).map { n in
        let offset = n - 59  // v59.0 is Winter '24; three releases a year
        let season = ["Winter", "Spring", "Summer"][((offset % 3) + 3) % 3]
        let year = 24 + Int((Double(offset) / 3).rounded(.down))
        return ("\(n).0", "\(season) '\(year)")
    }

    /// Developer Edition orgs get 15,000 requests a day and production orgs about 100,000;
    /// the sandbox defaults to the production figure so long demo runs do not run dry.
    public static let defaultDailyLimit = 100_000

    public init(world: SeedWorld, options: EmulatorOptions) {
        self.options = options
        dailyLimit = options.dailyLimit ?? Self.defaultDailyLimit
        var initial = SalesforceState()
        directory = initial.store.seed(world)
        clientId = "3MVG9" + Self.randomToken(40)
        clientSecret = Self.randomToken(64, alphabet: "0123456789ABCDEF")
        refreshToken = "5Aep861" + Self.randomToken(80)
        let access = directory.orgId.prefix(15) + "!" + Self.randomToken(96)
        let now = SalesforceTime.millis(options.now())
        initial.accessTokens[String(access)] = now
        initial.usage.windowStart = now
        state = Mutex(initial)
        credentials = ["access_token": String(access), "refresh_token": refreshToken,
                       "client_id": clientId, "client_secret": clientSecret]
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let now = SalesforceTime.millis(options.now())
        let segments = request.segments
        if segments == ["services", "oauth2", "token"] { return token(request, now: now) }
        if segments.count == 3, segments[0] == "id" { return identity(request, org: segments[1], user: segments[2], now: now) }
        guard segments.count >= 2, segments[0] == "services", segments[1] == "data" else { return SFError.notFound.response }
        if segments.count == 2 {
            guard request.method == "GET" else { return SFError.methodNotAllowed(request.method, allowed: "GET,HEAD").response }
            return .json(200, .array(Self.versions.map {
                ["label": .string($0.label), "url": .string("/services/data/v\($0.version)"), "version": .string($0.version)]
            }))
        }
        let version = segments[2]
        guard Self.versions.contains(where: { "v" + $0.version == version }) else { return SFError.notFound.response }
        let context = SFRequestContext(request: request, version: version, rest: Array(segments.dropFirst(3)), now: now,
                                       actor: directory.integrationUser)
        let (reply, usage): (SFReply, String?) = state.withLock { state in
            guard authorized(request, state: state, now: now) else { return (.error(.invalidSession), nil) }
            guard state.usage.take(now: now, limit: dailyLimit) else {
                return (.error(.limitExceeded), state.usage.header(limit: dailyLimit))
            }
            let reply = route(context, &state)
            return (reply, state.usage.header(limit: dailyLimit))
        }
        var response = reply.response
        if let usage { response.setHeader("Sforce-Limit-Info", usage) }
        return response
    }

    /// Salesforce has no 429: a throttled org answers 403 REQUEST_LIMIT_EXCEEDED, with no
    /// Retry-After header. The concurrent-request message tells a client the condition is
    /// short-lived, unlike the daily allocation's "TotalRequests Limit exceeded.".
    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        SFError(403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.").response
    }

    public func unauthorizedResponse() -> SandboxResponse { SFError.invalidSession.response }

    /// See the type's note on push: nothing is delivered, whatever the target.
    public func setWebhookTarget(_ url: String?) async {}

    func authorized(_ request: SandboxRequest, state: SalesforceState, now: Int64) -> Bool {
        guard let header = request.header("Authorization") else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "oauth"].contains(parts[0].lowercased()),
              let issued = state.accessTokens[String(parts[1])] else { return false }
        return Double(now - issued) < options.tokenLifetime * 1000
    }

    static func randomToken(_ count: Int,
                            alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._") -> String {
        let chars = Array(alphabet)
        var rng = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in chars[Int(rng.next() % UInt64(chars.count))] })
    }
}

/// One API call, as the route handlers see it.
struct SFRequestContext: Sendable {
    var request: SandboxRequest
    /// `v59.0`, as in the request path; echoed in `attributes.url` and `nextRecordsUrl`.
    var version: String
    /// The path below `/services/data/vNN.0`.
    var rest: [String]
    var now: Int64
    var actor: String

    var write: SFWriteContext { SFWriteContext(actor: actor, now: now) }
    var versionNumber: Double { Double(version.dropFirst()) ?? 0 }
}

/// A handler's answer, encoded to bytes outside the lock.
enum SFReply: Sendable {
    case json(Int, JSONValue)
    case empty(Int)
    case error(SFError)

    var response: SandboxResponse {
        switch self {
        case .json(let status, let value): .json(status, value)
        case .empty(let status): SandboxResponse(status: status)
        case .error(let e): e.response
        }
    }
}
