import DealSyncCore
import Foundation

/// Builds a connector from a configured source: its kind, base URL and credential document
/// (the keys DESIGN §9 and the config reference name).
public enum ConnectorFactory {
    public struct Settings: Sendable {
        public var kind: CRMKind
        public var baseURL: String
        public var credentials: [String: String]
        /// Remote field names to read per object (from the mappings).
        public var fields: [RecordKind: [String]]
        /// Called with a rotated refresh token before it is used (persist it sealed).
        public var persistRefreshToken: OAuthTokenSource.Persist
        /// A refresh token persisted earlier wins over the one in the credential document.
        public var storedRefreshToken: String?
        public var timeout: Duration
        /// Records per page of the change feed; nil means the API's maximum.
        public var pageSize: Int?

        public init(kind: CRMKind, baseURL: String, credentials: [String: String], fields: [RecordKind: [String]],
                    persistRefreshToken: @escaping OAuthTokenSource.Persist = { _ in }, storedRefreshToken: String? = nil,
                    timeout: Duration = .seconds(30), pageSize: Int? = nil) {
            self.pageSize = pageSize
            self.kind = kind
            self.baseURL = baseURL
            self.credentials = credentials
            self.fields = fields
            self.persistRefreshToken = persistRefreshToken
            self.storedRefreshToken = storedRefreshToken
            self.timeout = timeout
        }
    }

    public static func make(_ s: Settings) throws -> any CRMConnector {
        switch s.kind {
        case .salesforce:
            let auth = try bearer(s, tokenPath: "/services/oauth2/token", clientAuth: .formBody)
            return SalesforceConnector(client: APIClient(baseURL: s.baseURL, auth: auth, timeout: s.timeout), fields: s.fields, batchSize: s.pageSize)
        case .hubspot:
            let auth = try bearer(s, tokenPath: "/oauth/v1/token", clientAuth: .formBody)
            return HubSpotConnector(client: APIClient(baseURL: s.baseURL, auth: auth, timeout: s.timeout),
                                    webhookSecret: s.credentials["webhook_secret"] ?? s.credentials["client_secret"],
                                    properties: s.fields, pageSize: s.pageSize ?? 200)
        case .pipedrive:
            let auth: APIAuth = if let token = s.credentials["api_token"] {
                .header(name: "x-api-token", value: token)
            } else {
                try bearer(s, tokenPath: "/oauth/token", clientAuth: .basic)
            }
            return PipedriveConnector(client: APIClient(baseURL: s.baseURL, auth: auth, timeout: s.timeout),
                                      webhookUser: s.credentials["webhook_user"], webhookPassword: s.credentials["webhook_password"],
                                      pageSize: s.pageSize ?? 500)
        }
    }

    /// OAuth when a refresh token and client are configured; a static bearer token otherwise.
    static func bearer(_ s: Settings, tokenPath: String, clientAuth: RefreshTokenGrant.ClientAuth) throws -> APIAuth {
        let c = s.credentials
        if let refresh = s.storedRefreshToken ?? c["refresh_token"], let id = c["client_id"], let secret = c["client_secret"] {
            let grant = RefreshTokenGrant(tokenClient: APIClient(baseURL: s.baseURL, auth: .none, timeout: s.timeout),
                                          tokenPath: c["token_url"] ?? tokenPath, clientID: id, clientSecret: secret, clientAuth: clientAuth)
            return .bearer(OAuthTokenSource(refreshToken: refresh, initialAccessToken: c["access_token"],
                                            refresh: { try await grant.refresh($0) }, persist: s.persistRefreshToken))
        }
        guard let token = c["access_token"] else {
            throw SyncError(.validation, code: "config.credentials",
                            message: "\(s.kind) credentials need access_token, or refresh_token with client_id and client_secret")
        }
        return .bearer(StaticAccessToken(token))
    }
}
