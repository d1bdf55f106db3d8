import Foundation
import Synchronization

/// A wire-faithful emulator of HubSpot's CRM v3/v4 API for one portal: OAuth and private-app
/// tokens, objects, batch, search, associations, properties, pipelines, owners, rate limits,
/// and signed v3 webhooks.
///
/// Thread-safety: the whole portal is one value (`HubSpotState`) behind a `Mutex`; every request
/// runs to completion under the lock (no awaits inside), so each is atomic as HubSpot's own
/// writes are. Webhook deliveries happen outside the lock, in `HubSpotWebhookDispatcher`.
public final class HubSpotEmulator: SeededEmulator {
    static let portalId = 62_515_001
    static let appId = "5432101"

    public let service = "hubspot"
    public let credentials: [String: String]
    private let state: Mutex<HubSpotState>
    private let webhooks: HubSpotWebhookDispatcher
    private let now: @Sendable () -> Date

    public convenience init(world: SeedWorld, options: EmulatorOptions) {
        self.init(world: world, options: options, transport: HubSpotHTTPTransport())
    }

    init(world: SeedWorld, options: EmulatorOptions, transport: any HubSpotWebhookTransport,
         batchDelay: Duration = .milliseconds(200), retryDelays: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2)]) {
        let pipeline = HubSpotPipeline()
        let currencies = Array(Set(world.deals.map(\.currency) + ["USD", "EUR", "GBP"])).sorted()
        let material = "hubspot/\(world.deals.count)/\(world.contacts.count)/\(world.companies.count)/"
            + (world.deals.first?.key ?? "") + (world.companies.first?.key ?? "")
        var oauth = HubSpotOAuth(material: material, lifetime: options.tokenLifetime)
        let accessToken = oauth.mint(now: HubSpotTime.millis(options.now()))
        let limiter = HubSpotRateLimiter(
            max: options.rateLimit?.limit ?? 190,
            windowMillis: options.rateLimit.map { Int64($0.window.components.seconds * 1000 + $0.window.components.attoseconds / 1_000_000_000_000_000) } ?? 10_000,
            daily: options.dailyLimit ?? 625_000)
        let owners = world.owners.enumerated().map { (id: String(80_000_001 + $0.offset), owner: $0.element) }
        var initial = HubSpotState(schema: HubSpotSchema(pipeline: pipeline, currencies: currencies), pipeline: pipeline,
                                   owners: owners, portalCreatedAt: HubSpotState.baseMillis(world), oauth: oauth, limiter: limiter)
        initial.seed(world)
        credentials = [
            "access_token": accessToken, "client_id": oauth.clientId, "client_secret": oauth.clientSecret,
            "refresh_token": oauth.refreshToken, "webhook_secret": oauth.clientSecret, "private_app_token": oauth.privateAppToken,
            "portal_id": String(Self.portalId), "app_id": Self.appId,
        ]
        state = Mutex(initial)
        now = options.now
        webhooks = HubSpotWebhookDispatcher(secret: oauth.clientSecret, transport: transport, now: options.now,
                                            batchDelay: batchDelay, retryDelays: retryDelays)
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let seg = request.segments
        if seg.count == 4, seg[0] == "webhooks", seg[1] == "v3", seg[3] == "settings" {
            return await webhookSettings(request)
        }
        let millis = HubSpotTime.millis(now())
        let (response, changes) = state.withLock { s in
            let r = s.serve(request, at: millis)
            defer { s.changes.removeAll() }
            return (r, s.changes)
        }
        await webhooks.enqueue(changes)
        return response
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        let millis = HubSpotTime.millis(now())
        return state.withLock { $0.rateLimited(.tenSecondly, at: millis, includeDaily: false, exhausted: true) }
    }

    public func unauthorizedResponse() -> SandboxResponse { HubSpotState.unauthorized() }

    /// Live (not archived) records of an object type (`deals`), read without a request, so a
    /// test can watch a rate-limited portal fill up without spending the limit itself.
    public func liveCount(_ object: String) -> Int {
        guard let type = HubSpotObjectType(path: object) else { return 0 }
        return state.withLock { $0.store(type).liveCount }
    }

    public func setWebhookTarget(_ url: String?) async { await webhooks.setTarget(url) }

    /// Waits until queued webhook events have been delivered (or given up on).
    public func drainWebhooks() async { await webhooks.drain() }

    public func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        guard let type = HubSpotObjectType(path: edit.object) else {
            throw SandboxEditError("HubSpot has no object type \(edit.object); use deals, contacts or companies")
        }
        let millis = HubSpotTime.millis(now())
        let (result, changes): (Result<JSONValue, SandboxEditError>, [HubSpotChange]) = state.withLock { s in
            defer { s.changes.removeAll() }
            let user = s.owners.first?.id ?? "1"
            let actor = HubSpotActor(changeSource: "CRM_UI", sourceId: "userId:\(user)")
            let outcome: Result<HubSpotRecord, HubSpotError>
            switch (edit.id.flatMap(Int.init), edit.delete) {
            case (nil, _) where edit.id != nil:
                return (.failure(SandboxEditError("HubSpot ids are numeric; got \(edit.id!)")), [])
            case (nil, _):
                outcome = s.create(type, edit.fields, by: actor, at: millis)
            case (let id?, true):
                guard let r = s.store(type).live(id), s.archive(type, id: id, by: actor, at: millis) else {
                    return (.failure(SandboxEditError("no live \(type.singular) \(id)")), [])
                }
                outcome = .success(s.store(type)[r.id]!)
            case (let id?, false):
                outcome = s.update(type, id: id, edit.fields, by: actor, at: millis)
            }
            switch outcome {
            case .failure(let e): return (.failure(SandboxEditError("\(e.category): \(e.message)")), s.changes)
            case .success(let r):
                let all = s.schema.ordered[type, default: []].map(\.name)
                return (.success(r.json(type, select: all, schema: s.schema)), s.changes)
            }
        }
        await webhooks.enqueue(changes)
        return try result.get()
    }

    /// `GET|PUT /webhooks/v3/{appId}/settings`: the app's single target URL.
    private func webhookSettings(_ request: SandboxRequest) async -> SandboxResponse {
        if request.method == "PUT" {
            guard let url = request.json?["targetUrl"]?.stringValue, URL(string: url)?.scheme != nil else {
                return HubSpotError.validation("targetUrl must be an absolute URL.").response
            }
            await webhooks.setTarget(url)
        }
        let stamp = JSONValue.string(HubSpotTime.iso(now()))
        return .json(200, ["targetUrl": (await webhooks.targetURL).map(JSONValue.string) ?? .null,
                           "throttling": ["maxConcurrentRequests": 10, "period": "SECONDLY"],
                           "createdAt": stamp, "updatedAt": stamp])
    }
}
