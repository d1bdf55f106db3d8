import DealSyncCore
import Foundation

/// Supplies bearer tokens to the API client.
public protocol AccessTokenSource: Sendable {
    func token() async throws -> String
    /// The API refused `token`. Returns a fresh one; concurrent callers that saw the same refused
    /// token share one refresh.
    func refused(_ token: String) async throws -> String
}

/// A token that never changes (HubSpot private app, Pipedrive API token used as bearer).
public struct StaticAccessToken: AccessTokenSource {
    let value: String
    public init(_ value: String) { self.value = value }
    public func token() async throws -> String { value }
    public func refused(_ token: String) async throws -> String {
        throw SyncError(.auth, code: "auth.static_token_refused", message: "the API refused the configured token")
    }
}

/// What a token endpoint granted.
public struct TokenGrant: Sendable, Equatable {
    public var accessToken: String
    /// Present when the provider rotates refresh tokens; the old one is then invalid.
    public var refreshToken: String?
    public var expiresAt: Date?
    public init(accessToken: String, refreshToken: String?, expiresAt: Date?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }
}
