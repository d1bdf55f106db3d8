import Foundation
import Synchronization

/// Emulates Microsoft Graph mail for one mailbox's inbox: message delta with `$skiptoken` pages
/// and a `$deltatoken` link, 410 `syncStateNotFound` once tokens are invalidated, creating
/// messages with `POST .../messages`, reading one message, change-notification subscriptions
/// (`GraphSubscriptions`), the refresh-token grant, and Graph's error envelope. Thread-safe: state sits behind one `Mutex`; handlers do no I/O under it.
public final class GraphEmulator: SeededEmulator {
    public let service = "graph"
    public let credentials: [String: String]
    private let state: Mutex<GraphMailbox>
    private let tokens: Mutex<[String: Date]>
    private let options: EmulatorOptions
    private let subscriptions: GraphSubscriptions

    public init(world: SeedWorld, options: EmulatorOptions) {
        self.options = options
        subscriptions = GraphSubscriptions(now: options.now)
        let mailbox = GraphMailbox.seeded(from: world, now: options.now())
        state = Mutex(mailbox)
        let access = "eyJ0eXAiOiJKV1QiLCJzYW5kYm94IjoiZ3JhcGgifQ.sandbox"
        tokens = Mutex([access: options.now().addingTimeInterval(options.tokenLifetime)])
        credentials = ["access_token": access, "refresh_token": "0.sandbox-graph-refresh", "client_id": "sandbox-graph-client",
                       "client_secret": "sandbox-graph-secret", "email_address": mailbox.address]
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> SandboxResponse {
        .json(status, .object(["error": .object(["code": .string(code), "message": .string(message),
                                                  "innerError": .object(["request-id": .string(UUID().uuidString.lowercased())])])]))
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let path = request.segments.map { $0.lowercased() }
        if path.count == 4, path[1] == "oauth2", path[3] == "token" { return token(request) }
        guard let auth = request.header("Authorization"), auth.hasPrefix("Bearer "),
              tokens.withLock({ $0[String(auth.dropFirst(7))].map { $0 > options.now() } ?? false }) else {
            return unauthorizedResponse()
        }
        if path.count >= 2, path[0] == "v1.0", path[1] == "subscriptions" {
            return await subscriptions.handle(request, segments: request.segments)
        }
        let base = "http://\(request.header("Host") ?? "127.0.0.1")/graph/v1.0/me/mailFolders/inbox/messages"
        let now = options.now()
        let response = state.withLock { mailbox in
            switch (request.method, path) {
            case ("GET", ["v1.0", "me", "mailfolders", "inbox", "messages", "delta"]):
                return delta(request, &mailbox, base: base)
            case ("POST", ["v1.0", "me", "mailfolders", "inbox", "messages"]), ("POST", ["v1.0", "me", "messages"]):
                guard let body = request.json else { return Self.error(400, "RequestBodyRead", "Empty Payload. JSON content expected.") }
                let from = body["from"]?["emailAddress"]
                let message = mailbox.add(
                    from: (from?["name"]?.stringValue ?? mailbox.name, from?["address"]?.stringValue ?? mailbox.address),
                    subject: body["subject"]?.stringValue ?? "", body: body["body"]?["content"]?.stringValue ?? "",
                    contentType: body["body"]?["contentType"]?.stringValue?.lowercased() ?? "text", at: now)
                return .json(201, message)
            case ("GET", let rest) where rest.count == 4 && rest[0] == "v1.0" && rest[2] == "messages":
                let id = request.segments[3]
                return mailbox.messages[id].map { .json(200, $0) } ?? Self.error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
            default:
                return Self.error(400, "BadRequest", "Resource not found for the segment '\(request.segments.last ?? "")'.")
            }
        }
        if request.method == "POST", response.status == 201, let created = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
           let id = created["id"] as? String {
            await subscriptions.notifyCreated(messageID: id, etag: created["@odata.etag"] as? String, folder: "inbox")
        }
        return response
    }

    /// `$skiptoken` = "{snapshot seq}.{offset}" for pages of one round; `$deltatoken` = the
    /// sequence the round ended at.
    private func delta(_ request: SandboxRequest, _ mailbox: inout GraphMailbox, base: String) -> SandboxResponse {
        let pageSize = request.header("Prefer").flatMap { prefer in
            prefer.range(of: #"odata.maxpagesize=(\d+)"#, options: .regularExpression).flatMap { Int(prefer[$0].split(separator: "=")[1]) }
        } ?? 10
        var since = 0
        var snapshot = mailbox.seq
        var offset = 0
        if let token = request.queryValue("$deltatoken") {
            guard let value = Int(token), value >= mailbox.oldestValidSeq else {
                var gone = Self.error(410, "SyncStateNotFound", "The sync state generation is not found. Please restart the sync.")
                gone.setHeader("Location", base + "/delta")
                return gone
            }
            since = value
        }
        if let skip = request.queryValue("$skiptoken") {
            let parts = skip.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 3, parts[0] >= mailbox.oldestValidSeq || parts[0] == 0 else {
                return Self.error(410, "SyncStateNotFound", "The sync state generation is not found. Please restart the sync.")
            }
            (since, snapshot, offset) = (parts[0], parts[1], parts[2])
        }
        // Latest state per message changed in (since, snapshot], oldest change first.
        var seen: Set<String> = []
        let changed = mailbox.changes.filter { $0.seq > since && $0.seq <= snapshot }.reversed().filter { seen.insert($0.id).inserted }.reversed()
        let items = Array(changed)
        let page = items.dropFirst(offset).prefix(pageSize)
        var body: [String: JSONValue] = [
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
            "value": .array(page.map { change in
                change.removed
                    ? .object(["@odata.type": "#microsoft.graph.message", "id": .string(change.id), "@removed": .object(["reason": "deleted"])])
                    : mailbox.messages[change.id] ?? .null
            }),
        ]
        if offset + page.count < items.count {
            body["@odata.nextLink"] = .string("\(base)/delta?$skiptoken=\(since).\(snapshot).\(offset + page.count)")
        } else {
            body["@odata.deltaLink"] = .string("\(base)/delta?$deltatoken=\(snapshot)")
        }
        return .json(200, .object(body))
    }

    private func token(_ request: SandboxRequest) -> SandboxResponse {
        let form = Dictionary(String(decoding: request.body, as: UTF8.self).split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard form["grant_type"] == "refresh_token", form["refresh_token"] == credentials["refresh_token"],
              form["client_id"] == credentials["client_id"] else {
            return .json(400, .object(["error": "invalid_grant", "error_description": "AADSTS70008: The refresh token has expired.",
                                       "error_codes": .array([70008])]))
        }
        let access = "eyJ0eXAiOiJKV1QifQ.\(UUID().uuidString.lowercased())"
        tokens.withLock { $0[access] = options.now().addingTimeInterval(options.tokenLifetime) }
        return .json(200, .object(["token_type": "Bearer", "scope": "Mail.Read", "expires_in": .number(options.tokenLifetime.rounded()),
                                   "ext_expires_in": .number(options.tokenLifetime.rounded()), "access_token": .string(access),
                                   "refresh_token": .string(credentials["refresh_token"]!)]))
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        var response = Self.error(429, "TooManyRequests", "Please retry again later.")
        response.setHeader("Retry-After", String(retryAfterSeconds))
        return response
    }

    public func unauthorizedResponse() -> SandboxResponse {
        Self.error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
    }

    /// `object: "message"` delivers a message from outside (`from`, `subject`, `body`);
    /// `object: "delta"` with `delete` ages out every delta token (410 on next use).
    public func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        let now = options.now()
        switch edit.object {
        case "message":
            let message = state.withLock { mailbox in
                mailbox.add(from: (edit.fields["from_name"]?.stringValue ?? "Outside Sender", edit.fields["from"]?.stringValue ?? "sender@outside.example"),
                            subject: edit.fields["subject"]?.stringValue ?? "", body: edit.fields["body"]?.stringValue ?? "",
                            contentType: "text", at: now)
            }
            if let id = message["id"]?.stringValue {
                await subscriptions.notifyCreated(messageID: id, etag: message["@odata.etag"]?.stringValue, folder: "inbox")
            }
            return message
        case "delta" where edit.delete:
            state.withLock { $0.invalidateTokens() }
            return .object(["invalidated": true])
        default:
            throw SandboxEditError("Graph has no object '\(edit.object)'; use message, or delta with delete")
        }
    }

    /// Graph takes each subscription's `notificationUrl` from its creator, so there is no
    /// separate webhook target to set.
    public func setWebhookTarget(_ url: String?) async {}
}
