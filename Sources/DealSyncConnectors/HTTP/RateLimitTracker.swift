import DealSyncCore

/// The latest budget a connector's API reported; shared by concurrent calls of one connector.
actor RateLimitTracker {
    private(set) var latest: RateLimitSnapshot?
    func record(_ snapshot: RateLimitSnapshot?) {
        if let snapshot { latest = snapshot }
    }
}
