import Foundation

/// When a push registration (a Gmail `users.watch`, a Graph subscription) must be renewed:
/// pure timing, so tests need no clock. Renewal happens `lead` before expiry, so a slow or
/// failed attempt can be retried while the old registration still delivers.
struct PushRenewal: Sendable, Equatable {
    /// How long before expiry to renew.
    var lead: TimeInterval
    /// What a new registration asks for (Graph takes the expiry from the client; Gmail sets its own).
    var lifetime: TimeInterval

    /// Gmail watches last 7 days; Google advises re-watching daily, so renew with a day left.
    static let gmail = PushRenewal(lead: 86_400, lifetime: 7 * 86_400)
    /// Graph message subscriptions may last up to 10 080 minutes; ask for 3 days and renew with
    /// 12 hours left, well inside the limit and far from the edge.
    static let graph = PushRenewal(lead: 12 * 3600, lifetime: 3 * 86_400)

    /// True when there is no registration, or it expires within `lead` of `now`.
    func isDue(expiresAt: Date?, now: Date) -> Bool {
        guard let expiresAt else { return true }
        return now >= expiresAt.addingTimeInterval(-lead)
    }

    /// The expiry to request for a registration made or renewed at `now`.
    func requestedExpiry(now: Date) -> Date { now.addingTimeInterval(lifetime) }
}
