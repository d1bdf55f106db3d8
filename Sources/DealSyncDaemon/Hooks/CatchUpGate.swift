import Foundation
import Synchronization

/// When this process had caught up with every CRM source of an org. Changes queued before then
/// are the initial sync or the catch-up after a restart, which the hooks score and write back
/// but do not announce: a team wants to hear about news, not about its whole pipeline.
///
/// Caught up means two rounds: every source completed a pull (the backfill), and then every
/// source completed a pull that started after that, so the echoes and cross-CRM differences the
/// backfill's own pushes surface are behind us too. A source that never completes a pull (its
/// credentials were refused) must not silence the org for good: after `patience` the gate
/// opens anyway.
final class CatchUpGate: Sendable {
    private struct State {
        var backfilled: Date?
        var caughtUp: Date?
    }

    private let sources: [SourceRef]
    private let progress: SourceProgress
    private let giveUpAt: Date
    private let state = Mutex(State())

    init(sources: [SourceRef], progress: SourceProgress, startedAt: Date = Date(), patience: TimeInterval = 900) {
        self.sources = sources
        self.progress = progress
        giveUpAt = startedAt.addingTimeInterval(patience)
    }

    /// When the second round ended, as first observed (or when patience ran out); nil until then.
    func caughtUpAt(now: Date = Date()) -> Date? {
        let entries = sources.map { progress.entry($0) }
        return state.withLock { s in
            if let done = s.caughtUp { return done }
            if now >= giveUpAt {
                s.caughtUp = giveUpAt
                return giveUpAt
            }
            guard entries.allSatisfy({ $0.lastSuccess != nil }) else { return nil }
            let latest = entries.compactMap(\.lastSuccess).max() ?? .distantPast
            guard let backfilled = s.backfilled else {
                s.backfilled = latest
                return nil
            }
            guard entries.allSatisfy({ ($0.syncedThrough ?? .distantPast) >= backfilled }) else { return nil }
            s.caughtUp = latest
            return latest
        }
    }

    /// True for a job queued after the catch-up.
    func isNews(enqueuedAt: Date, now: Date = Date()) -> Bool {
        caughtUpAt(now: now).map { enqueuedAt >= $0 } ?? false
    }
}
