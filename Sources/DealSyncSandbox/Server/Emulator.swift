import Foundation

/// One emulated external API (Salesforce, HubSpot, …). Emulators see plain values, not
/// Hummingbird types, so each can be driven directly in unit tests and the shared server
/// machinery (request log, faults, latency) wraps every one of them the same way.
public protocol Emulator: AnyObject, Sendable {
    /// The first path component the emulator is served under: `salesforce`, `hubspot`, …
    var service: String { get }

    /// Serve one request. `request.path` is below the service prefix and keeps the real API's
    /// layout (`/services/data/v59.0/query`, `/crm/v3/objects/deals`).
    func handle(_ request: SandboxRequest) async -> SandboxResponse

    /// The response this API gives when a caller is throttled, in its own wire shape and headers.
    func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse

    /// The response this API gives to a revoked or expired token, in its own wire shape.
    func unauthorizedResponse() -> SandboxResponse
}

public struct SandboxQueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}

public struct SandboxRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [SandboxQueryItem]
    /// Header names as received; look them up with `header(_:)`, which ignores case.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(method: String, path: String, query: [SandboxQueryItem] = [],
                headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    /// The body decoded as JSON, or nil when it is empty or not JSON.
    public var json: JSONValue? { body.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: body) }

    /// Path components without empty segments: `/crm/v3/objects/deals` → `["crm","v3","objects","deals"]`.
    public var segments: [String] { path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) } }
}

public struct SandboxResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", "application/json;charset=UTF-8")] + headers,
                        body: value.encoded())
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((name, value))
    }
}
