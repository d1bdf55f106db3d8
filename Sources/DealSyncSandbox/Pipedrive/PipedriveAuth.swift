import Crypto
import Foundation

/// How a request proved who it is. The token string keys the per-token burst limit.
enum PipedrivePrincipal: Sendable, Hashable {
    case apiToken(String)
    case oauth(String)

    var token: String {
        switch self {
        case .apiToken(let t), .oauth(let t): t
        }
    }
}

/// The company's credentials: one API token (sent as `x-api-token`, or the legacy `api_token`
/// query parameter) and one OAuth app install (client id/secret, a refresh token and the access
/// tokens minted from it, each valid for `lifetime` seconds). Tokens derive from the seeded world
/// so a given seed always hands out the same credentials.
struct PipedriveAuth: Sendable {
    let apiToken: String
    let clientID: String
    let clientSecret: String
    let refreshToken: String
    let scope = "base,deals:full,contacts:full,recents:read,search:read,admin"
    let lifetime: Int
    private(set) var accessTokens: [String: Int]
    private(set) var initialAccessToken: String
    private let fingerprint: String
    private var minted = 0

    /// A hex secret for `label`, fixed by the world's fingerprint.
    static func derive(_ label: String, from fingerprint: String) -> String {
        SHA256.hash(data: Data("\(fingerprint)|\(label)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    init(fingerprint: String, now: Int, lifetime: Int) {
        func derive(_ label: String) -> String { Self.derive(label, from: fingerprint) }
        self.fingerprint = fingerprint
        self.lifetime = lifetime
        apiToken = String(derive("api_token").prefix(40))
        clientID = String(derive("client_id").prefix(16))
        clientSecret = String(derive("client_secret").prefix(40))
        refreshToken = "\(PipedriveCompany.companyID):1:" + String(derive("refresh_token").prefix(40))
        initialAccessToken = ""
        accessTokens = [:]
        initialAccessToken = mint(now: now)
    }

    /// Bearer token first (OAuth apps), then the `x-api-token` header, then `?api_token=`.
    func authenticate(_ request: SandboxRequest, now: Int) -> PipedrivePrincipal? {
        if let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer ") {
            let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let expiry = accessTokens[token], expiry > now else { return nil }
            return .oauth(token)
        }
        if let token = request.header("x-api-token") ?? request.queryValue("api_token") {
            return token == apiToken ? .apiToken(token) : nil
        }
        return nil
    }

    /// `POST /oauth/token` with `Authorization: Basic base64(client_id:client_secret)` and a form
    /// body `grant_type=refresh_token&refresh_token=…`. The refresh token stays the same (each use
    /// only extends its life), as Pipedrive's does.
    mutating func tokenEndpoint(_ request: SandboxRequest, now: Int, apiDomain: String) -> SandboxResponse {
        let form = Self.form(request)
        var client = Self.basicCredentials(request.header("Authorization"))
        if client == nil, let id = form["client_id"], let secret = form["client_secret"] { client = (id, secret) }
        guard let client, client.0 == clientID, client.1 == clientSecret else {
            return .json(401, ["error": "invalid_client", "error_description": "Invalid client credentials"])
        }
        guard form["grant_type"] == "refresh_token" else {
            return .json(400, ["error": "unsupported_grant_type", "error_description": "Unsupported grant type"])
        }
        guard form["refresh_token"] == refreshToken else {
            return .json(400, ["error": "invalid_grant", "error_description": "Invalid grant: refresh token is invalid"])
        }
        let token = mint(now: now)
        return .json(200, ["access_token": .string(token), "token_type": "Bearer", "expires_in": .number(Double(lifetime)),
                           "refresh_token": .string(refreshToken), "scope": .string(scope), "api_domain": .string(apiDomain)])
    }

    /// Forget every access token, as when a user uninstalls the app.
    mutating func revokeAccessTokens() { accessTokens.removeAll() }

    private mutating func mint(now: Int) -> String {
        accessTokens = accessTokens.filter { $0.value > now }
        minted += 1
        let digest = SHA256.hash(data: Data("\(fingerprint)|access|\(minted)".utf8))
        let token = "v1u:" + Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        accessTokens[token] = now + lifetime
        return token
    }

    private static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The token endpoint takes `application/x-www-form-urlencoded`; JSON and query items are
    /// accepted too, since some clients send them.
    private static func form(_ request: SandboxRequest) -> [String: String] {
        var result: [String: String] = [:]
        for item in request.query { result[item.name] = item.value }
        if let json = request.json?.objectValue {
            for (key, value) in json { if let s = value.stringValue { result[key] = s } }
            return result
        }
        let text = String(decoding: request.body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }
}
