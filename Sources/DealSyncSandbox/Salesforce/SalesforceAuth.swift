import Crypto
import Foundation

/// The OAuth 2.0 token endpoint, `POST /services/oauth2/token`, refresh_token grant.
/// A new access token is issued on every refresh; earlier ones stay valid until they expire
/// (as on the real platform, where sessions time out rather than being replaced). The refresh
/// token is not rotated and so not returned again.
extension SalesforceEmulator {
    func token(_ request: SandboxRequest, now: Int64) -> SandboxResponse {
        guard request.method == "POST" else {
            return oauthError(405, "invalid_request", "must use HTTP POST")
        }
        var params: [String: String] = [:]
        for item in request.query { params[item.name] = item.value }
        for (k, v) in Self.formFields(request.body) { params[k] = v }
        switch params["grant_type"] {
        case "refresh_token":
            guard params["client_id"] == clientId else { return oauthError(400, "invalid_client_id", "client identifier invalid") }
            if let secret = params["client_secret"], secret != clientSecret {
                return oauthError(400, "invalid_client", "invalid client credentials")
            }
            guard params["refresh_token"] == refreshToken else {
                return oauthError(400, "invalid_grant", "expired access/refresh token")
            }
        default:
            return oauthError(400, "unsupported_grant_type", "grant type not supported")
        }
        let access = String(directory.orgId.prefix(15)) + "!" + Self.randomToken(96)
        state.withLock { $0.accessTokens[access] = now }
        let instance = instanceURL(request)
        let identity = "\(instance)/id/\(directory.orgId)/\(directory.integrationUser)"
        let issuedAt = String(now)
        let mac = HMAC<SHA256>.authenticationCode(for: Data((identity + issuedAt).utf8),
                                                  using: SymmetricKey(data: Data(clientSecret.utf8)))
        return .json(200, [
            "access_token": .string(access), "signature": .string(Data(mac).base64EncodedString()),
            "scope": "refresh_token api", "instance_url": .string(instance), "id": .string(identity),
            "token_type": "Bearer", "issued_at": .string(issuedAt),
        ])
    }

    /// The identity URL a token response names in `id`: who the token belongs to.
    func identity(_ request: SandboxRequest, org: String, user: String, now: Int64) -> SandboxResponse {
        let valid = state.withLock { authorized(request, state: $0, now: now) }
        guard valid else { return .json(403, "Bad_OAuth_Token") }
        guard org == directory.orgId, user == directory.integrationUser else { return .json(404, "Bad_Id") }
        let instance = instanceURL(request)
        return .json(200, [
            "id": .string("\(instance)/id/\(org)/\(user)"), "asserted_user": true, "user_id": .string(user),
            "organization_id": .string(org), "username": "integration@dealsync.invalid",
            "nick_name": "integration", "display_name": "DealSync Integration", "email": "integration@dealsync.invalid",
            "active": true, "user_type": "STANDARD", "language": "en_US", "locale": "en_US", "utcOffset": 0,
            "urls": [
                "rest": .string("\(instance)/services/data/v{version}/"),
                "sobjects": .string("\(instance)/services/data/v{version}/sobjects/"),
                "query": .string("\(instance)/services/data/v{version}/query/"),
                "limits": .string("\(instance)/services/data/v{version}/limits/"),
            ],
        ])
    }

    /// Where the client reached us, with the sandbox's `/salesforce` prefix: the base every
    /// later call and `nextRecordsUrl` is relative to.
    func instanceURL(_ request: SandboxRequest) -> String {
        let host = request.header("X-Forwarded-Host") ?? request.header("Host") ?? "127.0.0.1"
        let scheme = request.header("X-Forwarded-Proto") ?? "http"
        return "\(scheme)://\(host)/\(service)"
    }

    private func oauthError(_ status: Int, _ error: String, _ description: String) -> SandboxResponse {
        .json(status, ["error": .string(error), "error_description": .string(description)])
    }

    static func formFields(_ body: Data) -> [(String, String)] {
        guard let text = String(data: body, encoding: .utf8), !text.isEmpty else { return [] }
        return text.split(separator: "&").compactMap { pair in
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return kv.isEmpty ? nil : (kv[0], kv.count > 1 ? kv[1] : "")
        }
    }
}
