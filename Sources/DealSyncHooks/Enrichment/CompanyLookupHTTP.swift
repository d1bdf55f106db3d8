import Foundation

/// One HTTP exchange of the company lookup, as plain values (like DealSyncMail's `MailHTTP`):
/// the client builds requests and reads responses; the daemon performs them with its HTTP
/// client and tests answer from the sandbox, so this target stays free of networking libraries.
public struct CompanyLookupRequest: Sendable, Hashable {
    public var url: String
    public var headers: [String: String]

    public init(url: String, headers: [String: String]) {
        self.url = url
        self.headers = headers
    }
}

public struct CompanyLookupResponse: Sendable, Hashable {
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

/// Performs one GET; throws when no answer came (refused connection, timeout).
public typealias CompanyLookupPerform = @Sendable (CompanyLookupRequest) async throws -> CompanyLookupResponse
