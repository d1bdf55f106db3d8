import DealSyncCore
import Foundation

/// OAuth2 refresh-token flow with single-flight refresh: however many requests find the token
/// expired at once, the token endpoint is called once and all of them wait for that call.
public actor OAuthTokenSource: AccessTokenSource {
    public typealias Refresh = @Sendable (_ refreshToken: String) async throws -> TokenGrant
    public typealias Persist = @Sendable (_ newRefreshToken: String) async throws -> Void

    private var refreshToken: String
    private var current: TokenGrant?
    private var inFlight: Task<TokenGrant, Error>?
    private let refresh: Refresh
    private let persist: Persist
    private let now: @Sendable () -> Date
    /// Refresh this long before the stated expiry, so a request never leaves with a dying token.
    private let margin: TimeInterval = 60

    public init(refreshToken: String, initialAccessToken: String? = nil, refresh: @escaping Refresh,
                persist: @escaping Persist, now: @escaping @Sendable () -> Date = { Date() }) {
        self.refreshToken = refreshToken
        self.current = initialAccessToken.map { TokenGrant(accessToken: $0, refreshToken: nil, expiresAt: nil) }
        self.refresh = refresh
        self.persist = persist
        self.now = now
    }

    public func token() async throws -> String {
        if let current, current.expiresAt.map({ $0.timeIntervalSince(now()) > margin }) ?? true {
            return current.accessToken
        }
        return try await refreshed().accessToken
    }

    public func refused(_ token: String) async throws -> String {
        if let current, current.accessToken != token { return current.accessToken }
        current = nil
        return try await refreshed().accessToken
    }

    private func refreshed() async throws -> TokenGrant {
        if let inFlight { return try await inFlight.value }
        let task = Task { [refresh, refreshToken] in try await refresh(refreshToken) }
        inFlight = task
        defer { inFlight = nil }
        let grant = try await task.value
        if let rotated = grant.refreshToken, rotated != refreshToken {
            // Persist before using the new access token: the provider has already invalidated
            // the old refresh token, so losing the new one would lock the source out.
            try await persist(rotated)
            refreshToken = rotated
        }
        current = grant
        return grant
    }
}
