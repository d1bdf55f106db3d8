import AsyncHTTPClient
import DealSyncCore
import Foundation
import NIOCore
import NIOHTTP1

/// How a connector authenticates its data calls.
public enum APIAuth: Sendable {
    case bearer(any AccessTokenSource)
    /// A fixed header, e.g. Pipedrive's `x-api-token`.
    case header(name: String, value: String)
    /// Token endpoints authenticate with client credentials in the request itself.
    case none
}

/// The one HTTP client every connector uses: AsyncHTTPClient with a deadline per request, the
/// auth header added, and one transparent retry after a token refresh when the API says 401.
public struct APIClient: Sendable {
    public let baseURL: String
    let http: HTTPClient
    let auth: APIAuth
    let timeout: TimeAmount
    let maxBodyBytes = 64 << 20

    public init(baseURL: String, auth: APIAuth, http: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.http = http
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
    }

    public func send(_ request: APIRequest) async throws -> APIResponse {
        var token: String?
        if request.authenticated, case .bearer(let source) = auth { token = try await source.token() }
        let first = try await execute(request, token: token)
        guard first.status == 401, request.authenticated, case .bearer(let source) = auth, let token else {
            return first
        }
        return try await execute(request, token: try await source.refused(token))
    }

    private func execute(_ request: APIRequest, token: String?) async throws -> APIResponse {
        let url = request.path.hasPrefix("http://") || request.path.hasPrefix("https://")
            ? request.path : baseURL + request.path
        var out = HTTPClientRequest(url: url)
        out.method = HTTPMethod(rawValue: request.method.rawValue)
        out.headers.add(name: "Accept", value: "application/json")
        out.headers.add(name: "User-Agent", value: "dealsyncd")
        if request.authenticated {
            switch auth {
            case .bearer: if let token { out.headers.add(name: "Authorization", value: "Bearer \(token)") }
            case .header(let name, let value): out.headers.add(name: name, value: value)
            case .none: break
            }
        }
        for (name, value) in request.headers { out.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body { out.body = .bytes(ByteBuffer(bytes: body)) }
        RequestCount.current?.add()
        do {
            let response = try await http.execute(out, timeout: timeout)
            let body = try await response.body.collect(upTo: maxBodyBytes)
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            return APIResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncErrorFactory.transport(error)
        }
    }
}

extension APIClient {
    /// Performs a plain-value exchange (mail watchers, the company lookup) with this client's
    /// timeout and auth.
    public func exchange(_ request: HTTPExchangeRequest) async throws -> HTTPExchangeResponse {
        let response = try await send(APIRequest(
            APIRequest.Method(rawValue: request.method) ?? .GET, request.url, headers: request.headers.map { ($0.key, $0.value) },
            body: request.body.isEmpty ? nil : request.body))
        return HTTPExchangeResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
