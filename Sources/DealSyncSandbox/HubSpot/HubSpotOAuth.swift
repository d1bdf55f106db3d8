import Crypto
import Foundation

/// The portal's credentials: an OAuth app (client id/secret, a refresh token, short-lived access
/// tokens minted by `POST /oauth/v1/token`) and a private-app token that never expires.
/// Token strings derive from the seeded world, so one seed gives the same credentials.
struct HubSpotOAuth: Sendable {
    enum TokenKind: Sendable { case oauth, privateApp }
    enum Check: Sendable { case valid(TokenKind), unknown, expired(at: Int64) }

    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let privateAppToken: String
    let lifetimeMillis: Int64
    private let material: String
    private var minted = 0
    private var accessTokens: [String: Int64] = [:]

    init(material: String, lifetime: TimeInterval) {
        self.material = material
        func derive(_ label: String) -> String {
            SHA256.hash(data: Data((material + "/" + label).utf8)).map { String(format: "%02x", $0) }.joined()
        }
        let h = derive("app")
        clientId = "\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.dropFirst(12).prefix(4))-\(h.dropFirst(16).prefix(4))-\(h.dropFirst(20).prefix(12))"
        clientSecret = String(derive("secret").prefix(36))
        refreshToken = "na1-" + derive("refresh").prefix(40)
        privateAppToken = "pat-na1-" + derive("private").prefix(36)
        lifetimeMillis = Int64(lifetime * 1000)
    }

    /// Mints an access token valid for the configured lifetime from `now`.
    mutating func mint(now: Int64) -> String {
        minted += 1
        let token = "C" + SHA256.hash(data: Data("\(material)/access/\(minted)".utf8)).map { String(format: "%02x", $0) }.joined().prefix(63)
        accessTokens[token] = now + lifetimeMillis
        return token
    }

    func check(_ token: String?, now: Int64) -> Check {
        guard let token else { return .unknown }
        if token == privateAppToken { return .valid(.privateApp) }
        guard let expiry = accessTokens[token] else { return .unknown }
        return now < expiry ? .valid(.oauth) : .expired(at: expiry)
    }

    func expiry(of token: String) -> Int64? { accessTokens[token] }

    /// `POST /oauth/v1/token` with the refresh_token grant (form-encoded).
    mutating func tokenEndpoint(form: [String: String], now: Int64) -> SandboxResponse {
        func fail(_ status: String, _ message: String) -> SandboxResponse {
            .json(400, ["status": .string(status), "message": .string(message),
                        "correlationId": .string(UUID().uuidString.lowercased())])
        }
        guard form["grant_type"] == "refresh_token" else {
            return fail("BAD_GRANT_TYPE", "grant_type must be one of: authorization_code, refresh_token")
        }
        guard form["client_id"] == clientId else { return fail("BAD_CLIENT_ID", "missing or unknown client id") }
        guard form["client_secret"] == clientSecret else { return fail("BAD_CLIENT_SECRET", "missing or invalid client secret") }
        guard form["refresh_token"] == refreshToken else { return fail("BAD_REFRESH_TOKEN", "missing or unknown refresh token") }
        let token = mint(now: now)
        return .json(200, ["token_type": "bearer", "refresh_token": .string(refreshToken), "access_token": .string(token),
                           "expires_in": .number(Double(lifetimeMillis / 1000))])
    }

    static func parseForm(_ body: Data) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }
}
