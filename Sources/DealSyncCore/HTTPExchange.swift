import Foundation

/// One HTTP exchange as plain values. Mail watchers and the company lookup build requests and
/// read responses; the daemon performs them with its HTTP client and tests answer from an
/// emulator, so those targets stay free of networking libraries.
public struct HTTPExchangeRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: Data

    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPExchangeResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Performs one request; throws when no answer came (refused connection, timeout). The daemon's
/// implementation adds timeouts and TLS.
public typealias HTTPPerform = @Sendable (HTTPExchangeRequest) async throws -> HTTPExchangeResponse
