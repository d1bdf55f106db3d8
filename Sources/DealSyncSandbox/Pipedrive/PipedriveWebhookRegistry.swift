import Foundation

/// One webhook subscription, as `POST /v1/webhooks` creates it.
struct PipedriveWebhook: Sendable, Hashable {
    var id: Int
    var subscriptionURL: String
    /// create, change, delete or `*`.
    var eventAction: String
    /// deal, person, organization, … or `*`.
    var eventObject: String
    var name: String
    var version: String
    var userID: Int
    var httpAuthUser: String?
    var httpAuthPassword: String?
    var addTime: Date
    var lastDeliveryTime: Date?
    var lastHTTPStatus: Int?

    func matches(_ change: PipedriveChange) -> Bool {
        (eventAction == "*" || eventAction == change.action.rawValue)
            && (eventObject == "*" || eventObject == change.entity.rawValue)
    }
}

/// A POST the emulator owes a subscriber.
struct PipedriveWebhookDelivery: Sendable {
    var webhookID: Int
    var url: String
    var headers: [(name: String, value: String)]
    var body: Data
}

/// Subscriptions of the company, and the v2 payloads changes produce for them. The sandbox's
/// `setWebhookTarget` keeps one subscription of its own (all objects, all actions, basic auth
/// with the credentials' `webhook_user`/`webhook_password`).
struct PipedriveWebhookRegistry: Sendable {
    static let maxPerUser = 40
    private(set) var hooks: [PipedriveWebhook] = []
    private var nextID = 1
    private var sandboxHookID: Int?
    let authUser: String
    let authPassword: String

    init(authUser: String, authPassword: String) {
        self.authUser = authUser
        self.authPassword = authPassword
    }

    mutating func add(_ hook: PipedriveWebhook) -> PipedriveWebhook {
        var hook = hook
        hook.id = nextID
        nextID += 1
        hooks.append(hook)
        return hook
    }

    mutating func remove(id: Int) -> Bool {
        guard let index = hooks.firstIndex(where: { $0.id == id }) else { return false }
        hooks.remove(at: index)
        if sandboxHookID == id { sandboxHookID = nil }
        return true
    }

    mutating func setSandboxTarget(_ url: String?, userID: Int, at date: Date) {
        if let id = sandboxHookID { _ = remove(id: id) }
        guard let url else { return }
        let hook = add(PipedriveWebhook(id: 0, subscriptionURL: url, eventAction: "*", eventObject: "*", name: "DealSync sandbox",
                                        version: "2.0", userID: userID, httpAuthUser: authUser, httpAuthPassword: authPassword,
                                        addTime: date))
        sandboxHookID = hook.id
    }

    mutating func recordDelivery(webhookID: Int, status: Int, at date: Date) {
        guard let index = hooks.firstIndex(where: { $0.id == webhookID }) else { return }
        hooks[index].lastDeliveryTime = date
        hooks[index].lastHTTPStatus = status
    }

    /// The deliveries one change causes, one per matching subscription; `v1Body` renders the
    /// webhooks v1 body for subscriptions created with `version: "1.0"`.
    func deliveries(for change: PipedriveChange, v1Body: (PipedriveWebhook) -> JSONValue) -> [PipedriveWebhookDelivery] {
        hooks.filter { $0.matches(change) }.map { hook in
            var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("User-Agent", "Pipedrive-Webhook")]
            if let user = hook.httpAuthUser {
                let credentials = Data("\(user):\(hook.httpAuthPassword ?? "")".utf8).base64EncodedString()
                headers.append(("Authorization", "Basic \(credentials)"))
            }
            let body = hook.version == "1.0" ? v1Body(hook) : Self.payload(change, hook: hook)
            return PipedriveWebhookDelivery(webhookID: hook.id, url: hook.subscriptionURL, headers: headers,
                                            body: PipedriveJSONWriter.encode(body))
        }
    }

    /// Webhooks v2 body: `meta` (ids as strings, as observed on the wire), `data`, `previous`.
    static func payload(_ change: PipedriveChange, hook: PipedriveWebhook, attempt: Int = 1) -> JSONValue {
        let meta: JSONValue = [
            "action": .string(change.action.rawValue), "entity": .string(change.entity.rawValue),
            "entity_id": .string(String(change.entityID)), "id": .string(UUID().uuidString.lowercased()),
            "company_id": .string(String(PipedriveCompany.companyID)), "user_id": .string(String(change.userID)),
            "correlation_id": .string(UUID().uuidString.lowercased()), "is_bulk_edit": false,
            "timestamp": .string(PipedriveTime.rfc3339Millis(change.at)), "type": "general", "version": "2.0",
            "webhook_id": .string(String(hook.id)), "webhook_owner_id": .string(String(hook.userID)),
            "change_source": .string(change.source.rawValue), "attempt": .number(Double(attempt)),
            "host": .string(PipedriveCompany.host), "permitted_user_ids": [.string(String(hook.userID))],
        ]
        return ["meta": meta, "data": change.data, "previous": change.previous]
    }

    func v1(_ hook: PipedriveWebhook) -> JSONValue {
        ["id": .number(Double(hook.id)), "company_id": .number(Double(PipedriveCompany.companyID)),
         "owner_id": .number(Double(hook.userID)), "user_id": .number(Double(hook.userID)),
         "event_action": .string(hook.eventAction), "event_object": .string(hook.eventObject),
         "subscription_url": .string(hook.subscriptionURL), "version": .string(hook.version), "is_active": 1,
         "add_time": .string(PipedriveTime.rfc3339Millis(hook.addTime)), "remove_time": .null, "type": "general",
         "http_auth_user": hook.httpAuthUser.map(JSONValue.string) ?? .null,
         "http_auth_password": hook.httpAuthPassword.map(JSONValue.string) ?? .null, "remove_reason": .null,
         "last_delivery_time": hook.lastDeliveryTime.map { .string(PipedriveTime.rfc3339Millis($0)) } ?? .null,
         "last_http_status": hook.lastHTTPStatus.map { .number(Double($0)) } ?? .null,
         "admin_id": .number(Double(hook.userID)), "name": .string(hook.name)]
    }
}
