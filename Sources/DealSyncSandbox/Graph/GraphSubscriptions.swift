import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Graph change-notification subscriptions (`/v1.0/subscriptions`) for the emulated mailbox:
/// create (after the `validationToken` handshake with the notification URL, as Graph does),
/// renew by PATCHing `expirationDateTime`, delete, list; and `created` notifications for new
/// messages, each carrying the subscription's `clientState`. One delivery attempt each.
final class GraphSubscriptions: Sendable {
    struct Subscription: Sendable {
        var id: String
        var resource: String
        var changeType: String
        var notificationUrl: String
        var clientState: String?
        var expiration: Date
    }

    /// Graph's limit for Outlook message subscriptions.
    static let maxLifetime: TimeInterval = 10_080 * 60
    private let subscriptions = Mutex<[String: Subscription]>([:])
    private let now: @Sendable () -> Date
    let userID = "3f7e1b2c-sandbox-user"
    let tenantID = "9c1d0a4e-sandbox-tenant"

    init(now: @escaping @Sendable () -> Date) { self.now = now }

    func handle(_ request: SandboxRequest, segments path: [String]) async -> SandboxResponse {
        switch (request.method, path.count) {
        case ("POST", 2): return await create(request)
        case ("GET", 2):
            let all = subscriptions.withLock { Array($0.values) }.sorted { $0.id < $1.id }
            return .json(200, .object(["@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions",
                                       "value": .array(all.map(json))]))
        case ("PATCH", 3):
            guard let stamp = request.json?["expirationDateTime"]?.stringValue, let expiry = Self.date(stamp) else {
                return GraphEmulator.error(400, "InvalidRequest", "expirationDateTime is required.")
            }
            if let refused = checkExpiry(expiry) { return refused }
            let updated = subscriptions.withLock { all -> Subscription? in
                all[path[2]]?.expiration = expiry
                return all[path[2]]
            }
            return updated.map { .json(200, json($0)) } ?? notFound(path[2])
        case ("DELETE", 3):
            let removed = subscriptions.withLock { $0.removeValue(forKey: path[2]) }
            return removed == nil ? notFound(path[2]) : SandboxResponse(status: 204)
        default:
            return GraphEmulator.error(405, "MethodNotAllowed", "The HTTP method is not supported for this resource.")
        }
    }

    private func create(_ request: SandboxRequest) async -> SandboxResponse {
        guard let body = request.json, let url = body["notificationUrl"]?.stringValue, let resource = body["resource"]?.stringValue,
              let changeType = body["changeType"]?.stringValue, let stamp = body["expirationDateTime"]?.stringValue else {
            return GraphEmulator.error(400, "InvalidRequest",
                                       "changeType, notificationUrl, resource and expirationDateTime are required.")
        }
        guard let expiry = Self.date(stamp) else { return GraphEmulator.error(400, "InvalidRequest", "Invalid expirationDateTime.") }
        if let refused = checkExpiry(expiry) { return refused }
        if let state = body["clientState"]?.stringValue, state.count > 128 {
            return GraphEmulator.error(400, "InvalidRequest", "clientState must be at most 128 characters.")
        }
        // Graph validates the endpoint before creating anything: the token must come back as
        // text/plain with 200 within 10 seconds.
        let token = "Validation: Testing client application reachability for subscription Request-Id: \(UUID().uuidString.lowercased())"
        let echoed = await Self.validate(url: url, token: token)
        guard echoed == token else {
            return GraphEmulator.error(400, "ValidationError",
                                       "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.")
        }
        let subscription = Subscription(id: UUID().uuidString.lowercased(), resource: resource, changeType: changeType,
                                        notificationUrl: url, clientState: body["clientState"]?.stringValue, expiration: expiry)
        subscriptions.withLock { $0[subscription.id] = subscription }
        return .json(201, json(subscription))
    }

    private func checkExpiry(_ expiry: Date) -> SandboxResponse? {
        let remaining = expiry.timeIntervalSince(now())
        guard remaining > 0, remaining <= Self.maxLifetime else {
            return GraphEmulator.error(400, "ExtensionError",
                                       "Subscription expiration can only be 10080 minutes in the future.")
        }
        return nil
    }

    /// Posts a `created` notification for a new message in `folder` to every live subscription
    /// on that folder's messages.
    func notifyCreated(messageID: String, etag: String?, folder: String) async {
        let current = now()
        let targets = subscriptions.withLock { all in
            all.values.filter { $0.expiration > current && $0.changeType.split(separator: ",").contains("created")
                && Self.watches($0.resource, folder: folder) }
        }
        for subscription in targets {
            let path = "Users/\(userID)@\(tenantID)/Messages/\(messageID)"
            var item: [String: JSONValue] = [
                "id": .string(String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(13))),
                "subscriptionId": .string(subscription.id),
                "subscriptionExpirationDateTime": .string(ISO8601DateFormatter().string(from: subscription.expiration)),
                "changeType": "created", "tenantId": .string(tenantID),
                "resource": .string(path.lowercased().replacingOccurrences(of: messageID.lowercased(), with: messageID)),
                "resourceData": .object([
                    "@odata.type": "#Microsoft.Graph.Message", "@odata.id": .string(path),
                    "@odata.etag": .string(etag ?? ""), "id": .string(messageID),
                ]),
            ]
            if let state = subscription.clientState { item["clientState"] = .string(state) }
            let body = JSONValue.object(["value": .array([.object(item)])]).encoded()
            _ = try? await Self.post(url: subscription.notificationUrl, body: body, contentType: "application/json")
        }
    }

    /// `me/mailFolders('inbox')/messages`, `/me/mailFolders/inbox/messages`, or all of `me/messages`.
    static func watches(_ resource: String, folder: String) -> Bool {
        let r = resource.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return r == "me/messages" || r == "me/mailfolders('\(folder)')/messages" || r == "me/mailfolders/\(folder)/messages"
    }

    private func json(_ s: Subscription) -> JSONValue {
        .object([
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
            "id": .string(s.id), "resource": .string(s.resource), "applicationId": "sandbox-graph-client",
            "changeType": .string(s.changeType), "clientState": s.clientState.map(JSONValue.string) ?? .null,
            "notificationUrl": .string(s.notificationUrl), "expirationDateTime": .string(ISO8601DateFormatter().string(from: s.expiration)),
            "creatorId": .string(userID), "includeResourceData": false, "latestSupportedTlsVersion": "v1_2",
            "lifecycleNotificationUrl": .null, "notificationUrlAppId": .null,
        ])
    }

    private func notFound(_ id: String) -> SandboxResponse {
        GraphEmulator.error(404, "ResourceNotFound", "The object was not found.")
    }

    static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    private static func validate(url: String, token: String) async -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "validationToken", value: token)]
        guard let target = components.string,
              let (status, body) = try? await post(url: target, body: Data(), contentType: "text/plain"), status == 200 else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    private static func post(url: String, body: Data, contentType: String) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }
}
