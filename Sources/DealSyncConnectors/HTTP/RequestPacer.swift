import Foundation

/// Spaces requests so that at most `limit` start in any rolling `window`. For limits an API
/// enforces without reporting them in headers (HubSpot's search endpoints: five per second per
/// account), where the only other signal is a 429 after the fact. Shared by every caller of one
/// connector, so a poll, a reconciliation and a webhook fetch running at once stay under it together.
actor RequestPacer {
    let limit: Int
    let window: Duration
    private var starts: [ContinuousClock.Instant] = []

    init(limit: Int, window: Duration = .seconds(1)) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Returns once a request may start, having counted it.
    func admit() async throws {
        let clock = ContinuousClock()
        while true {
            let now = clock.now
            starts.removeAll { $0 <= now - window }
            if starts.count < limit {
                starts.append(now)
                return
            }
            // The oldest start leaves the window first; a waiter woken early simply looks again.
            try await clock.sleep(until: starts[0] + window)
        }
    }
}
