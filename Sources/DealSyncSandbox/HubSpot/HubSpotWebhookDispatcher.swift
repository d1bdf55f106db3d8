import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends one webhook POST; returns the HTTP status, or nil when the request failed.
protocol HubSpotWebhookTransport: Sendable {
    func post(url: String, headers: [(name: String, value: String)], body: Data) async -> Int?
}

/// The transport the emulator uses outside tests.
struct HubSpotHTTPTransport: HubSpotWebhookTransport {
    func post(url: String, headers: [(name: String, value: String)], body: Data) async -> Int? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}

/// Batches changes into webhook deliveries as HubSpot's app webhooks do: a JSON array of at
/// most 100 events per POST, signed with `X-HubSpot-Signature-v3` over a per-attempt timestamp,
/// retried on failure. Every subscription type is treated as subscribed. An actor because
/// deliveries run in the background while requests keep adding changes.
actor HubSpotWebhookDispatcher {
    static let maxEventsPerRequest = 100

    private let secret: String
    private let transport: any HubSpotWebhookTransport
    private let now: @Sendable () -> Date
    private let batchDelay: Duration
    private let retryDelays: [Duration]
    private var target: String?
    private var pending: [HubSpotChange] = []
    private var nextEventId = 1
    private var flushing = false

    init(secret: String, transport: any HubSpotWebhookTransport, now: @escaping @Sendable () -> Date,
         batchDelay: Duration = .milliseconds(200), retryDelays: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2)]) {
        self.secret = secret
        self.transport = transport
        self.now = now
        self.batchDelay = batchDelay
        self.retryDelays = retryDelays
    }

    func setTarget(_ url: String?) {
        target = url
        if url == nil { pending.removeAll() }
    }

    var targetURL: String? { target }

    func enqueue(_ changes: [HubSpotChange]) {
        let changes = changes.filter(\.type.sendsWebhooks)
        guard target != nil, !changes.isEmpty else { return }
        pending += changes
        guard !flushing else { return }
        flushing = true
        Task { await self.flush() }
    }

    /// Waits until every queued change has been delivered or given up on (for tests and shutdown).
    func drain() async {
        while flushing { try? await Task.sleep(for: .milliseconds(10)) }
    }

    private func flush() async {
        try? await Task.sleep(for: batchDelay)
        while let url = target, !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxEventsPerRequest))
            pending.removeFirst(batch.count)
            let events = batch.map { change -> [String: JSONValue] in
                defer { nextEventId += 1 }
                return Self.event(change, eventId: nextEventId)
            }
            await deliver(events, to: url)
        }
        flushing = false
    }

    private func deliver(_ events: [[String: JSONValue]], to url: String) async {
        for attempt in 0...retryDelays.count {
            let body = JSONValue.array(events.map { e in
                var e = e
                e["attemptNumber"] = .number(Double(attempt))
                return .object(e)
            }).encoded()
            let timestamp = String(HubSpotTime.millis(now()))
            let headers: [(name: String, value: String)] = [
                ("Content-Type", "application/json"),
                ("X-HubSpot-Request-Timestamp", timestamp),
                ("X-HubSpot-Signature-v3", HubSpotSignature.v3(secret: secret, method: "POST", uri: url, body: body, timestamp: timestamp)),
                ("X-HubSpot-Signature", HubSpotSignature.v1(secret: secret, body: body)),
                ("X-HubSpot-Signature-Version", "v1"),
                ("User-Agent", "HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio)"),
            ]
            if let status = await transport.post(url: url, headers: headers, body: body), (200..<300).contains(status) { return }
            if attempt < retryDelays.count { try? await Task.sleep(for: retryDelays[attempt]) }
        }
    }

    /// One event object as HubSpot sends it; `subscriptionId` is stable per subscription type.
    static func event(_ c: HubSpotChange, eventId: Int) -> [String: JSONValue] {
        let subscriptionType = "\(c.type.eventPrefix).\(c.kind.rawValue)"
        var e: [String: JSONValue] = [
            "eventId": .number(Double(eventId)),
            "subscriptionId": .number(Double(subscriptionId(subscriptionType))),
            "portalId": .number(Double(HubSpotEmulator.portalId)),
            "appId": .number(Double(Int(HubSpotEmulator.appId)!)),
            "occurredAt": .number(Double(c.occurredAt)),
            "subscriptionType": .string(subscriptionType),
            "attemptNumber": 0,
            "objectId": .number(Double(c.objectId)),
            "changeSource": .string(c.actor.changeSource),
            "sourceId": .string(c.actor.sourceId),
        ]
        switch c.kind {
        case .propertyChange:
            e["propertyName"] = c.propertyName.map(JSONValue.string) ?? .null
            e["propertyValue"] = .string(c.propertyValue ?? "")
        case .creation: e["changeFlag"] = "NEW"
        case .deletion: e["changeFlag"] = "DELETED"
        }
        return e
    }

    private static func subscriptionId(_ subscriptionType: String) -> Int {
        let all = HubSpotObjectType.allCases.flatMap { t in
            [HubSpotChange.Kind.creation, .propertyChange, .deletion].map { "\(t.eventPrefix).\($0.rawValue)" }
        }
        return 2_400_000 + (all.firstIndex(of: subscriptionType) ?? all.count)
    }
}
