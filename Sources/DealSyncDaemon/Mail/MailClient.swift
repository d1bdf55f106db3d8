import DealSyncConnectors
import DealSyncCore
import DealSyncMail
import Foundation

/// The HTTP side of one mailbox: the connectors' `APIClient` (AsyncHTTPClient, per-request
/// deadline) with an OAuth token source that refreshes before expiry and once more on a 401.
struct MailClient: Sendable {
    let client: APIClient
    let tokens: any AccessTokenSource
    let vault: RefreshTokenVault

    /// `vault` keeps a refresh token the provider rotates (Microsoft does on every refresh).
    init(source: SourceConfig, vault: RefreshTokenVault) throws {
        self.vault = vault
        var credentials: [String: String] = [:]
        for key in source.credentials.keys { credentials[key] = source.credentials[key] }
        if let refresh = credentials["refresh_token"], let id = credentials["client_id"] {
            let grant = RefreshTokenGrant(
                tokenClient: APIClient(baseURL: "", auth: .none), tokenPath: credentials["token_url"] ?? Self.tokenURL(source),
                clientID: id, clientSecret: credentials["client_secret"] ?? "", clientAuth: .formBody)
            tokens = OAuthTokenSource(refreshToken: vault.startingToken(org: source.org, source: source.id, configured: refresh),
                                      initialAccessToken: credentials["access_token"], refresh: { try await grant.refresh($0) },
                                      persist: vault.persist(org: source.org, source: source.id, configured: refresh))
        } else if let token = credentials["access_token"] {
            tokens = StaticAccessToken(token)
        } else {
            throw SyncError(.validation, code: "config.credentials",
                            message: "\(source.kind) credentials need access_token, or refresh_token with client_id")
        }
        client = APIClient(baseURL: "", auth: .bearer(tokens))
    }

    /// Google's and Microsoft's token endpoints for the public APIs; an emulator serves its own.
    static func tokenURL(_ source: SourceConfig) -> String {
        let tenant = source.credentials["tenant_id"] ?? "common"
        switch source.kind {
        case .gmail where source.baseURL == SourceKind.gmail.defaultBaseURL: return "https://oauth2.googleapis.com/token"
        case .graph where source.baseURL == SourceKind.graph.defaultBaseURL:
            return "https://login.microsoftonline.com/\(tenant)/oauth2/v2.0/token"
        case .graph: return "\(source.baseURL)/\(tenant)/oauth2/v2.0/token"
        default: return "\(source.baseURL)/token"
        }
    }

    /// What the watchers call. The client adds the bearer token itself (and retries once with a
    /// refreshed one after a 401), so the token the watcher put in the request is dropped.
    var perform: HTTPPerform {
        let client = client
        return { request in
            var request = request
            request.headers = request.headers.filter { $0.key.caseInsensitiveCompare("Authorization") != .orderedSame }
            return try await client.exchange(request)
        }
    }

    var accessToken: @Sendable () async throws -> String {
        let tokens = tokens
        return { try await tokens.token() }
    }

    /// A JSON call outside the watchers (watch, subscriptions): status and body.
    func send(_ method: APIRequest.Method, _ url: String, json: Data?) async throws -> (status: Int, body: Data) {
        let response = try await client.send(APIRequest(method, url, headers: json == nil ? [] : [("Content-Type", "application/json")], body: json))
        return (response.status, response.body)
    }
}
