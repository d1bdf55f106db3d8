import Foundation

/// A request to a CRM API, relative to the connector's base URL.
public struct APIRequest: Sendable {
    public enum Method: String, Sendable { case GET, POST, PATCH, PUT, DELETE }

    public var method: Method
    /// Path below the base URL, with its query string (`/services/data/v59.0/query?q=…`).
    public var path: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Whether to send the bearer token (token endpoints authenticate otherwise).
    public var authenticated: Bool

    public init(_ method: Method, _ path: String, headers: [(name: String, value: String)] = [],
                body: Data? = nil, authenticated: Bool = true) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.authenticated = authenticated
    }

    public static func json<T: Encodable>(_ method: Method, _ path: String, _ value: T) throws -> APIRequest {
        APIRequest(method, path, headers: [("Content-Type", "application/json")], body: try JSONEncoder().encode(value))
    }

    public static func form(_ path: String, _ fields: [(String, String)], headers: [(name: String, value: String)] = []) -> APIRequest {
        let body = fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        return APIRequest(.POST, path, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                          body: Data(body.utf8), authenticated: false)
    }

    /// application/x-www-form-urlencoded escaping: only unreserved characters pass through.
    public static func formEncode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw SyncErrorFactory.malformed(status: status, body: body, underlying: error)
        }
    }
}
