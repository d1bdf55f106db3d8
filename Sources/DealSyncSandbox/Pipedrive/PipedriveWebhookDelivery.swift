import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one webhook POST and returns the subscriber's HTTP status. Tests substitute a
/// recording transport; the emulator's default uses AsyncHTTPClient.
public protocol PipedriveWebhookTransport: Sendable {
    func post(url: String, headers: [(name: String, value: String)], body: Data) async throws -> Int
}

/// Posts with the shared AsyncHTTPClient and Pipedrive's 10-second delivery deadline.
public struct AsyncHTTPClientWebhookTransport: PipedriveWebhookTransport {
    public init() {}

    public func post(url: String, headers: [(name: String, value: String)], body: Data) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}

/// Delivers webhooks in the background: first attempts in the order the changes happened, then
/// failed ones again after Pipedrive's back-off (≈3 s, 30 s, 150 s). A delivery succeeds on any
/// 2xx. `onResult` reports each attempt so subscriptions can show `last_http_status`.
actor PipedriveWebhookDispatcher {
    private let transport: any PipedriveWebhookTransport
    private let retryDelays: [Duration]
    private let onResult: @Sendable (Int, Int) -> Void
    private var queue: [PipedriveWebhookDelivery] = []
    private var drain: Task<Void, Never>?
    private var retries: [Int: Task<Void, Never>] = [:]
    private var nextRetry = 0

    init(transport: any PipedriveWebhookTransport, retryDelays: [Duration], onResult: @escaping @Sendable (Int, Int) -> Void) {
        self.transport = transport
        self.retryDelays = retryDelays
        self.onResult = onResult
    }

    func enqueue(_ deliveries: [PipedriveWebhookDelivery]) {
        guard !deliveries.isEmpty else { return }
        queue.append(contentsOf: deliveries)
        if drain == nil { drain = Task { await self.drainQueue() } }
    }

    /// Waits until every queued first attempt, and every retry already scheduled, has finished.
    func flush() async {
        while let task = drain ?? retries.values.first { await task.value }
    }

    private func drainQueue() async {
        while !queue.isEmpty {
            let delivery = queue.removeFirst()
            if await !attempt(delivery, number: 1) { scheduleRetry(delivery, after: 0) }
        }
        drain = nil
    }

    private func scheduleRetry(_ delivery: PipedriveWebhookDelivery, after failures: Int) {
        guard failures < retryDelays.count else { return }
        let key = nextRetry
        nextRetry += 1
        let delay = retryDelays[failures]
        retries[key] = Task {
            try? await Task.sleep(for: delay)
            let delivered = await self.attempt(delivery, number: failures + 2)
            await self.retryFinished(key, delivery: delivery, delivered: delivered, failures: failures + 1)
        }
    }

    private func retryFinished(_ key: Int, delivery: PipedriveWebhookDelivery, delivered: Bool, failures: Int) {
        retries[key] = nil
        if !delivered { scheduleRetry(delivery, after: failures) }
    }

    private func attempt(_ delivery: PipedriveWebhookDelivery, number: Int) async -> Bool {
        var body = delivery.body
        // v2 bodies count attempts in `meta.attempt` (from 1), v1 bodies in `retry` (from 0).
        if number > 1, let payload = try? JSONDecoder().decode(JSONValue.self, from: body),
           case .object(var object) = payload, case .object(var meta)? = object["meta"] {
            if object["retry"] != nil {
                object["retry"] = .number(Double(number - 1))
            } else {
                meta["attempt"] = .number(Double(number))
                object["meta"] = .object(meta)
            }
            body = PipedriveJSONWriter.encode(.object(object))
        }
        let status = (try? await transport.post(url: delivery.url, headers: delivery.headers, body: body)) ?? 0
        onResult(delivery.webhookID, status)
        return (200..<300).contains(status)
    }
}
