import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Posts an external hook's request JSON to its URL for `ExternalHook.invoke`; a 2xx reply's
/// body is the hook's answer, capped like a command's stdout. Any other status, a timeout or a
/// connection error fails the hook (its output is dropped; sync goes on).
struct HTTPHookRunner: Sendable {
    let url: String
    let timeout: Duration
    let maxReplyBytes: Int
    let client: HTTPClient

    init(url: String, timeout: Duration = .seconds(5), maxReplyBytes: Int = 1 << 20, client: HTTPClient = .shared) {
        self.url = url
        self.timeout = timeout
        self.maxReplyBytes = maxReplyBytes
        self.client = client
    }

    var invoke: @Sendable (Data) async throws -> Data {
        let runner = self
        return { body in try await runner.post(body) }
    }

    func post(_ body: Data) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "dealsyncd/\(DaemonVersion.current)")
        request.body = .bytes(ByteBuffer(data: body))
        let (seconds, attoseconds) = timeout.components
        let response = try await client.execute(request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        guard (200..<300).contains(response.status.code) else {
            throw HTTPHookError.status(Int(response.status.code))
        }
        do {
            return Data(try await response.body.collect(upTo: maxReplyBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw HTTPHookError.replyTooLarge
        }
    }
}

/// Why an HTTP hook failed; never carries the request or reply body.
enum HTTPHookError: Error, Equatable, CustomStringConvertible {
    case status(Int)
    case replyTooLarge

    var description: String {
        switch self {
        case .status(let code): "hook endpoint answered HTTP \(code)"
        case .replyTooLarge: "hook endpoint replied with more than the allowed bytes"
        }
    }
}
