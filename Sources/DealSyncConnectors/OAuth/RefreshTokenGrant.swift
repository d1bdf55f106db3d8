import DealSyncCore
import Foundation

/// The OAuth2 `refresh_token` grant as Salesforce, HubSpot and Google (client credentials in the
/// form body) and Pipedrive (client credentials as HTTP Basic) expect it.
public struct RefreshTokenGrant: Sendable {
    public enum ClientAuth: Sendable { case formBody, basic }

    let tokenClient: APIClient
    let tokenPath: String
    let clientID: String
    let clientSecret: String
    let clientAuth: ClientAuth
    let now: @Sendable () -> Date

    public init(tokenClient: APIClient, tokenPath: String, clientID: String, clientSecret: String,
                clientAuth: ClientAuth, now: @escaping @Sendable () -> Date = { Date() }) {
        self.tokenClient = tokenClient
        self.tokenPath = tokenPath
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientAuth = clientAuth
        self.now = now
    }

    struct Body: Decodable {
        var access_token: String
        var refresh_token: String?
        var expires_in: Double?
    }

    public func refresh(_ refreshToken: String) async throws -> TokenGrant {
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        var headers: [(name: String, value: String)] = []
        switch clientAuth {
        case .formBody: fields += [("client_id", clientID), ("client_secret", clientSecret)]
        case .basic: headers.append(("Authorization", "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()))
        }
        let response = try await tokenClient.send(.form(tokenPath, fields, headers: headers))
        guard response.status == 200 else {
            // invalid_grant / BAD_REFRESH_TOKEN: revoked or expired; a person must re-authorise.
            throw SyncError(response.status >= 500 ? .retryable : .auth, code: "oauth.refresh_failed",
                            message: "token endpoint answered \(response.status)")
        }
        let body = try response.decode(Body.self)
        return TokenGrant(accessToken: body.access_token, refreshToken: body.refresh_token,
                          expiresAt: body.expires_in.map { now().addingTimeInterval($0) })
    }
}
