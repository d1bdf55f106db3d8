import Foundation

/// The mailbox's push registrations, kept in the store (cursor `push`) so a restart renews
/// them instead of piling up new ones.
struct PushState: Codable, Sendable, Equatable {
    /// Gmail: when the `users.watch` expires.
    var gmailWatchExpiresAt: Date?
    /// Graph: per folder, the subscription and its expiry.
    var graphSubscriptions: [String: GraphSubscription] = [:]

    struct GraphSubscription: Codable, Sendable, Equatable {
        var id: String
        var expiresAt: Date
    }

    static let cursorObject = "push"

    /// True while some registration still delivers.
    func isRegistered(now: Date) -> Bool {
        (gmailWatchExpiresAt.map { $0 > now } ?? false) || graphSubscriptions.values.contains { $0.expiresAt > now }
    }
}
