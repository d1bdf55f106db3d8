import Foundation
import Synchronization

/// Holds the company state. `Mutex` serialises every request's read-modify-write; handlers are
/// synchronous and do no I/O while holding it, so contention is short.
final class PipedriveStateBox: Sendable {
    let mutex: Mutex<PipedriveState>
    init(_ state: PipedriveState) { mutex = Mutex(state) }
}

/// Emulates one Pipedrive company: API v2 and the v1 endpoints clients still call, the three
/// auth modes, OAuth refresh, rate limits, and v2 webhooks with HTTP basic auth.
/// Thread-safe: all state sits behind one `Mutex` (see `PipedriveStateBox`); webhook delivery
/// runs on its own actor.
public final class PipedriveEmulator: SeededEmulator {
    public let service = "pipedrive"
    public let credentials: [String: String]
    private let box: PipedriveStateBox
    private let options: EmulatorOptions
    private let dispatcher: PipedriveWebhookDispatcher

    public convenience init(world: SeedWorld, options: EmulatorOptions) {
        self.init(world: world, options: options, webhookTransport: AsyncHTTPClientWebhookTransport())
    }

    /// `webhookRetryDelays`: waits before the 2nd, 3rd and 4th delivery attempt.
    public init(world: SeedWorld, options: EmulatorOptions, webhookTransport: any PipedriveWebhookTransport,
                webhookRetryDelays: [Duration] = [.seconds(3), .seconds(30), .seconds(150)]) {
        let state = PipedriveState(world: world, options: options)
        let box = PipedriveStateBox(state)
        self.box = box
        self.options = options
        credentials = [
            "api_token": state.auth.apiToken, "access_token": state.auth.initialAccessToken,
            "refresh_token": state.auth.refreshToken, "client_id": state.auth.clientID,
            "client_secret": state.auth.clientSecret,
            "webhook_user": state.webhooks.authUser, "webhook_password": state.webhooks.authPassword,
        ]
        let now = options.now
        dispatcher = PipedriveWebhookDispatcher(transport: webhookTransport, retryDelays: webhookRetryDelays) { webhookID, status in
            box.mutex.withLock { $0.webhooks.recordDelivery(webhookID: webhookID, status: status, at: now()) }
        }
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let now = options.now()
        let epoch = PipedriveTime.epoch(now)
        let path = request.segments
        if path == ["oauth", "token"] {
            guard request.method == "POST" else { return PipedriveReply.error(.unknownMethod) }
            let domain = "http://\(request.header("Host") ?? "127.0.0.1")/\(service)"
            return box.mutex.withLock { $0.auth.tokenEndpoint(request, now: epoch, apiDomain: domain) }
        }
        let (response, deliveries) = box.mutex.withLock { state -> (SandboxResponse, [PipedriveWebhookDelivery]) in
            guard let principal = state.auth.authenticate(request, now: epoch) else { return (PipedriveReply.unauthorized(), []) }
            let route = PipedriveRoute(path)
            let decision = state.limiter.admit(principal, cost: route.tokenCost(request.method),
                                               isWrite: request.method != "GET", isSearch: route.isSearch,
                                               now: now.timeIntervalSince1970)
            guard decision.allowed else {
                var refusal = PipedriveReply.rateLimited(resetSeconds: decision.resetSeconds, limit: decision.limit)
                for header in decision.headers { refusal.setHeader(header.name, header.value) }
                return (refusal, [])
            }
            var outcome: PipedriveOutcome
            do throws(PipedriveAPIError) {
                outcome = try state.serve(request, route: route, now: now)
            } catch {
                outcome = PipedriveOutcome(response: PipedriveReply.error(error))
            }
            for header in decision.headers { outcome.response.setHeader(header.name, header.value) }
            return (outcome.response, outcome.changes.flatMap { state.deliveries(for: $0) })
        }
        await dispatcher.enqueue(deliveries)
        return response
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        PipedriveReply.rateLimited(resetSeconds: retryAfterSeconds, limit: box.mutex.withLock { $0.limiter.apiTokenBurst })
    }

    public func unauthorizedResponse() -> SandboxResponse { PipedriveReply.unauthorized() }

    /// A person edits in the Pipedrive app: `change_source` is `app` and the acting user is the
    /// record's owner. Fields use v2 names; custom fields may be given inside `custom_fields`, or
    /// at the top level by hash key or by name (`"DealSync Score": 71`).
    public func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        guard let entity = PipedriveEntity(objectName: edit.object) else {
            throw SandboxEditError("Pipedrive has no object '\(edit.object)'; use deal, person or organization")
        }
        let now = options.now()
        let result = box.mutex.withLock { state -> Result<(JSONValue, [PipedriveWebhookDelivery]), SandboxEditError> in
            do throws(PipedriveAPIError) {
                let body = state.editBody(entity, edit.fields)
                let change: PipedriveChange?
                let shown: JSONValue
                if let idText = edit.id {
                    guard let id = Int(idText) else { return .failure(SandboxEditError("Pipedrive ids are integers, got '\(idText)'")) }
                    let actor = state.record(entity, id)?.int("owner_id") ?? state.company.integrationUser.id
                    if edit.delete {
                        change = try state.delete(entity, id: id, by: actor, source: .app, at: now)
                        shown = state.v2(entity, state.record(entity, id)!)
                    } else {
                        let input = try state.v2Input(entity, body, creating: false)
                        let (record, updated) = try state.update(entity, id: id, input, by: actor, source: .app, at: now)
                        change = updated
                        shown = state.v2(entity, record)
                    }
                } else {
                    let actor = body["owner_id"]?.intValue ?? state.company.users.dropFirst().first?.id ?? state.company.integrationUser.id
                    let (record, created) = try state.create(entity, try state.v2Input(entity, body, creating: true),
                                                             by: actor, source: .app, at: now)
                    change = created
                    shown = state.v2(entity, record)
                }
                return .success((shown, change.map { state.deliveries(for: $0) } ?? []))
            } catch {
                return .failure(SandboxEditError("Pipedrive refused the edit: \(error.message)"))
            }
        }
        let (shown, deliveries) = try result.get()
        await dispatcher.enqueue(deliveries)
        return shown
    }

    public func setWebhookTarget(_ url: String?) async {
        let now = options.now()
        box.mutex.withLock { $0.webhooks.setSandboxTarget(url, userID: $0.company.integrationUser.id, at: now) }
    }

    /// Waits until queued webhook deliveries (and scheduled retries) have been attempted.
    public func flushWebhooks() async { await dispatcher.flush() }

    /// The hash key of a custom field, by entity (`deal`, `person`, `organization`) and name.
    public func customFieldKey(object: String, name: String) -> String? {
        guard let entity = PipedriveEntity(objectName: object) else { return nil }
        return box.mutex.withLock { $0.catalog.customField(entity, named: name)?.code }
    }
}
