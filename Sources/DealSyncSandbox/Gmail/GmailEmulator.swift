import Foundation
import Synchronization

/// Emulates the Gmail API v1 for one mailbox (`userId` `me` or its address): messages.list,
/// messages.get (full, metadata, minimal, raw), messages.insert, history.list with a retention
/// horizon (404 on an expired `startHistoryId`), users.watch / stop, getProfile, and Google's
/// OAuth refresh-token grant at `/token`.
/// Thread-safe: all state sits behind one `Mutex`; handlers do no I/O while holding it.
public final class GmailEmulator: SeededEmulator {
    public let service = "gmail"
    public let credentials: [String: String]
    private let state: Mutex<GmailMailbox>
    private let tokens: Mutex<[String: Date]>
    private let options: EmulatorOptions
    private let webhookTarget = Mutex<String?>(nil)
    /// Posts a Pub/Sub push; the Pipedrive transport is a plain HTTP POST, reused as such.
    private let transport: any PipedriveWebhookTransport

    public convenience init(world: SeedWorld, options: EmulatorOptions) {
        self.init(world: world, options: options, transport: AsyncHTTPClientWebhookTransport())
    }

    public init(world: SeedWorld, options: EmulatorOptions, transport: any PipedriveWebhookTransport) {
        self.options = options
        self.transport = transport
        let mailbox = GmailMailbox.seeded(from: world, now: options.now())
        state = Mutex(mailbox)
        let access = "ya29.sandbox-gmail-access"
        tokens = Mutex([access: options.now().addingTimeInterval(options.tokenLifetime)])
        credentials = [
            "access_token": access, "refresh_token": "1//sandbox-gmail-refresh",
            "client_id": "sandbox-gmail.apps.googleusercontent.com", "client_secret": "sandbox-gmail-secret",
            "email_address": mailbox.emailAddress, "webhook_secret": "sandbox-gmail-push-token",
        ]
    }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let path = request.segments
        if path == ["token"] { return tokenEndpoint(request) }
        guard authorized(request) else { return unauthorizedResponse() }
        guard path.count >= 4, path[0] == "gmail", path[1] == "v1", path[2] == "users" else { return GmailWire.notFound() }
        let now = options.now()
        let response = serve(request, path: path, now: now)
        if request.method == "POST", path.last == "messages" || path.last == "import", response.status == 200 { await push() }
        return response
    }

    private func serve(_ request: SandboxRequest, path: [String], now: Date) -> SandboxResponse {
        state.withLock { mailbox in
            guard path[3] == "me" || path[3].lowercased() == mailbox.emailAddress.lowercased() else {
                return GmailWire.error(403, "Delegation denied for \(path[3])", reason: "forbidden", status: "PERMISSION_DENIED")
            }
            switch (request.method, Array(path.dropFirst(4))) {
            case ("GET", ["profile"]):
                return .json(200, .object([
                    "emailAddress": .string(mailbox.emailAddress), "messagesTotal": .number(Double(mailbox.messages.count)),
                    "threadsTotal": .number(Double(Set(mailbox.messages.values.map(\.threadId)).count)),
                    "historyId": .string(String(mailbox.historyId)),
                ]))
            case ("GET", ["messages"]): return list(request, mailbox, now: now)
            case ("POST", ["messages"]), ("POST", ["messages", "import"]): return insert(request, &mailbox, now: now)
            case ("GET", let rest) where rest.count == 2 && rest[0] == "messages":
                guard let stored = mailbox.messages[rest[1]] else { return GmailWire.notFound() }
                return .json(200, GmailWire.message(stored, format: request.queryValue("format") ?? "full",
                                                    metadataHeaders: request.queryValues("metadataHeaders")))
            case ("GET", ["history"]): return history(request, mailbox)
            case ("POST", ["watch"]):
                guard let topic = request.json?["topicName"]?.stringValue, !topic.isEmpty else {
                    return GmailWire.badRequest("Invalid topicName")
                }
                let expiration = Int64((now.timeIntervalSince1970 + 7 * 86_400) * 1000)
                let labels = request.json?["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
                mailbox.watch = (topic, labels, expiration)
                return .json(200, .object(["historyId": .string(String(mailbox.historyId)), "expiration": .string(String(expiration))]))
            case ("POST", ["stop"]):
                mailbox.watch = nil
                return SandboxResponse(status: 204)
            default:
                return GmailWire.notFound()
            }
        }
    }

    private func list(_ request: SandboxRequest, _ mailbox: GmailMailbox, now: Date) -> SandboxResponse {
        let maxResults = min(500, max(1, Int(request.queryValue("maxResults") ?? "") ?? 100))
        var newerThan: Date?
        if let query = request.queryValue("q"), let range = query.range(of: #"newer_than:(\d+)d"#, options: .regularExpression) {
            let days = Double(query[range].dropFirst("newer_than:".count).dropLast()) ?? 0
            newerThan = now.addingTimeInterval(-days * 86_400)
        }
        if let query = request.queryValue("q"), let range = query.range(of: #"after:(\d+)"#, options: .regularExpression),
           let seconds = Double(query[range].dropFirst("after:".count)) {
            newerThan = Date(timeIntervalSince1970: seconds)  // Gmail reads a bare number as epoch seconds
        }
        let all = mailbox.listed(labelIds: request.queryValues("labelIds"), newerThan: newerThan)
        let offset = Int(request.queryValue("pageToken") ?? "") ?? 0
        let page = all.dropFirst(offset).prefix(maxResults)
        var body: [String: JSONValue] = ["resultSizeEstimate": .number(Double(all.count))]
        if !page.isEmpty {
            body["messages"] = .array(page.map { .object(["id": .string($0.id), "threadId": .string($0.threadId)]) })
        }
        if offset + page.count < all.count { body["nextPageToken"] = .string(String(offset + page.count)) }
        return .json(200, .object(body))
    }

    private func history(_ request: SandboxRequest, _ mailbox: GmailMailbox) -> SandboxResponse {
        guard let start = Int(request.queryValue("startHistoryId") ?? "") else {
            return GmailWire.badRequest("Missing required parameter: startHistoryId")
        }
        guard start >= mailbox.oldestHistoryId else { return GmailWire.notFound() }
        let types = Set(request.queryValues("historyTypes"))
        let label = request.queryValue("labelId")
        let maxResults = min(500, max(1, Int(request.queryValue("maxResults") ?? "") ?? 100))
        let after = Int(request.queryValue("pageToken") ?? "") ?? start
        let records = mailbox.history.filter { record in
            record.id > after && (types.isEmpty || types.contains(record.kind.rawValue))
                && (label.map(record.labelIds.contains) ?? true)
        }
        let page = records.prefix(maxResults)
        var body: [String: JSONValue] = ["historyId": .string(String(mailbox.historyId))]
        if !page.isEmpty {
            body["history"] = .array(page.map { record in
                let ref: JSONValue = .object([
                    "id": .string(record.messageID),
                    "threadId": .string(mailbox.messages[record.messageID]?.threadId ?? record.messageID),
                    "labelIds": .array(record.labelIds.map(JSONValue.string)),
                ])
                var entry: [String: JSONValue] = ["id": .string(String(record.id)), "messages": .array([ref])]
                entry[record.kind.rawValue == "messageAdded" ? "messagesAdded" : record.kind.rawValue + "s"] = .array([.object(["message": ref])])
                return .object(entry)
            })
        }
        if page.count < records.count, let last = page.last { body["nextPageToken"] = .string(String(last.id)) }
        return .json(200, .object(body))
    }

    private func insert(_ request: SandboxRequest, _ mailbox: inout GmailMailbox, now: Date) -> SandboxResponse {
        guard let encoded = request.json?["raw"]?.stringValue, let raw = GmailWire.decodeBase64url(encoded), !raw.isEmpty else {
            return GmailWire.badRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required")
        }
        let labels = request.json?["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let stored = mailbox.add(raw: raw, labelIds: labels, threadId: request.json?["threadId"]?.stringValue, at: now)
        return .json(200, .object(["id": .string(stored.id), "threadId": .string(stored.threadId),
                                   "labelIds": .array(stored.labelIds.map(JSONValue.string))]))
    }

    private func authorized(_ request: SandboxRequest) -> Bool {
        guard let header = request.header("Authorization"), header.hasPrefix("Bearer ") else { return false }
        let token = String(header.dropFirst("Bearer ".count))
        let now = options.now()
        return tokens.withLock { ($0[token].map { $0 > now }) ?? false }
    }

    /// Google's refresh-token grant: a new access token, no new refresh token.
    private func tokenEndpoint(_ request: SandboxRequest) -> SandboxResponse {
        let form = Dictionary(String(decoding: request.body, as: UTF8.self).split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard form["grant_type"] == "refresh_token", form["refresh_token"] == credentials["refresh_token"],
              form["client_id"] == credentials["client_id"], form["client_secret"] == credentials["client_secret"] else {
            return .json(400, .object(["error": "invalid_grant", "error_description": "Token has been expired or revoked."]))
        }
        let token = "ya29.sandbox-gmail-\(UUID().uuidString.lowercased())"
        let now = options.now()
        tokens.withLock { $0[token] = now.addingTimeInterval(options.tokenLifetime) }
        return .json(200, .object([
            "access_token": .string(token), "expires_in": .number(options.tokenLifetime.rounded()),
            "scope": "https://www.googleapis.com/auth/gmail.readonly", "token_type": "Bearer",
        ]))
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        var response = GmailWire.error(429, "Too many concurrent requests for user", reason: "rateLimitExceeded",
                                       status: "RESOURCE_EXHAUSTED", domain: "usageLimits")
        response.setHeader("Retry-After", String(retryAfterSeconds))
        return response
    }

    public func unauthorizedResponse() -> SandboxResponse {
        var response = GmailWire.error(401, "Invalid Credentials", reason: "authError", status: "UNAUTHENTICATED")
        response.setHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"")
        return response
    }

    /// `object: "message"` delivers a message from outside (`fields.raw` as RFC 822 text, or
    /// `from`, `subject`, `body`); `object: "history"` with `delete` expires the history, so
    /// the next `history.list` from an older id answers 404.
    public func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        let now = options.now()
        switch edit.object {
        case "message":
            let raw: Data
            if let text = edit.fields["raw"]?.stringValue {
                raw = Data(text.utf8)
            } else {
                let to = state.withLock { $0.emailAddress }
                raw = GmailMailbox.render(
                    from: edit.fields["from"]?.stringValue ?? "Outside Sender <sender@outside.example>", to: to,
                    subject: edit.fields["subject"]?.stringValue ?? "(no subject)", date: now,
                    messageID: "\(UUID().uuidString.lowercased())@outside.example", inReplyTo: nil,
                    body: edit.fields["body"]?.stringValue ?? "")
            }
            let labels = edit.fields["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? ["INBOX", "UNREAD"]
            let stored = state.withLock { $0.add(raw: raw, labelIds: labels, threadId: nil, at: now) }
            await push()
            return .object(["id": .string(stored.id), "threadId": .string(stored.threadId), "historyId": .string(String(stored.historyId))])
        case "history" where edit.delete:
            let id = state.withLock { mailbox -> Int in
                mailbox.expireHistory()
                return mailbox.historyId
            }
            return .object(["oldestHistoryId": .string(String(id))])
        default:
            throw SandboxEditError("Gmail has no object '\(edit.object)'; use message, or history with delete")
        }
    }

    public func setWebhookTarget(_ url: String?) async { webhookTarget.withLock { $0 = url } }

    /// Cloud Pub/Sub push of the mailbox's new historyId to the webhook target, when a
    /// `users.watch` is active: `message.data` is base64 JSON `{emailAddress, historyId}`.
    /// Authenticated with `Authorization: Bearer {webhook_secret}`. One attempt, as a test
    /// needs; Pub/Sub's redelivery is not emulated.
    private func push() async {
        guard let url = webhookTarget.withLock({ $0 }) else { return }
        let now = options.now()
        let notice = state.withLock { mailbox -> (String, Int)? in
            guard let watch = mailbox.watch, Int64(now.timeIntervalSince1970 * 1000) < watch.expiration else { return nil }
            return (mailbox.emailAddress, mailbox.historyId)
        }
        guard let (address, historyId) = notice else { return }
        let data = Data(#"{"emailAddress":"\#(address)","historyId":"\#(historyId)"}"#.utf8).base64EncodedString()
        let id = String(historyId)
        let published = ISO8601DateFormatter().string(from: now)
        let body = #"{"message":{"data":"\#(data)","messageId":"\#(id)","message_id":"\#(id)","publishTime":"\#(published)","publish_time":"\#(published)"},"subscription":"projects/dealsync-sandbox/subscriptions/gmail-push"}"#
        _ = try? await transport.post(
            url: url, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(credentials["webhook_secret"] ?? "")")],
            body: Data(body.utf8))
    }
}
