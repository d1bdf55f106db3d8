import Foundation
import Synchronization

/// Slack incoming webhooks: `POST /services/T…/B…/X…` with `{"text":…,"blocks":…}` (or the
/// form field `payload=`), answered like Slack: `200 ok` or a plain-text error string.
/// `GET /__sandbox/messages` lists what was received; `DELETE` clears it.
public final class SlackEmulator: Emulator {
    public let service = "slack"
    /// The webhook's path below the prefix; its last part is the secret, derived from the seed.
    public let webhookPath: String
    public let channel = "#deals"
    private let options: EmulatorOptions
    private let limit: RateLimitSetting
    /// Guards the received messages and the rate window; held for O(1) work, never across `await`.
    private let state = Mutex(State())

    struct State: Sendable {
        var messages: [SlackMessage] = []
        var bucket: FixedWindowLimit?
    }

    public init(seed: UInt64, options: EmulatorOptions) {
        var random = SeedRandom(seed: seed, stream: "slack")
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let secret = String((0..<24).map { _ in random.pick(alphabet) })
        webhookPath = "/services/T0SANDBOX1/B0DEALS001/\(secret)"
        self.options = options
        // Slack allows about one message a second per webhook, with short bursts.
        limit = options.rateLimit ?? RateLimitSetting(limit: 20, window: .seconds(20))
    }

    public var messages: [SlackMessage] { state.withLock { $0.messages } }

    public func handle(_ request: SandboxRequest) async -> SandboxResponse {
        let segments = request.segments
        if segments.first == "__sandbox", segments.dropFirst().first == "messages" {
            if request.method == "DELETE" {
                state.withLock { $0.messages.removeAll() }
                return SandboxResponse(status: 204)
            }
            return .json(200, .array(messages.map(\.json)))
        }
        guard segments.count == 4, segments[0] == "services" else { return Self.text(404, "no_service") }
        guard request.path == webhookPath else { return Self.text(404, "no_service") }
        guard request.method == "POST" else { return Self.text(405, "invalid_method") }
        guard let payload = Self.payload(request)?.objectValue else { return Self.text(400, "invalid_payload") }
        let text = payload["text"]?.stringValue ?? ""
        let blocks = payload["blocks"]
        if let blocks, blocks.arrayValue == nil { return Self.text(400, "invalid_blocks") }
        if text.isEmpty && (blocks?.arrayValue ?? []).isEmpty { return Self.text(400, "no_text") }

        let now = options.now()
        let retryAfter: Int? = state.withLock { s in
            var window = s.bucket ?? FixedWindowLimit(limit: limit, start: now)
            defer { s.bucket = window }
            return window.take(at: now)
        }
        if let retryAfter { return rateLimitedResponse(retryAfterSeconds: retryAfter) }
        let message = SlackMessage(channel: channel, text: text, blocks: blocks, receivedAt: now)
        state.withLock { $0.messages.append(message) }
        return Self.text(200, "ok")
    }

    public func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        var r = Self.text(429, "rate_limited")
        r.setHeader("Retry-After", String(retryAfterSeconds))
        return r
    }

    public func unauthorizedResponse() -> SandboxResponse { Self.text(403, "invalid_token") }

    static func text(_ status: Int, _ body: String) -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(body.utf8))
    }

    /// Slack accepts a JSON body or a form body whose `payload` field holds the JSON.
    static func payload(_ request: SandboxRequest) -> JSONValue? {
        if (request.header("Content-Type") ?? "").contains("application/x-www-form-urlencoded") {
            let form = SandboxResponder.queryItems(String(decoding: request.body, as: UTF8.self))
            guard let raw = form.first(where: { $0.name == "payload" })?.value else { return nil }
            return try? JSONDecoder().decode(JSONValue.self, from: Data(raw.utf8))
        }
        return request.json
    }
}

public struct SlackMessage: Sendable, Hashable {
    public var channel: String
    public var text: String
    public var blocks: JSONValue?
    public var receivedAt: Date

    var json: JSONValue {
        ["channel": .string(channel), "text": .string(text), "blocks": blocks ?? .null,
         "received_at": .string(ISO8601DateFormatter().string(from: receivedAt))]
    }
}
