import Foundation
import Synchronization

/// How far each source's pull has got, for `dealsyncctl status`. Kept in memory: after a restart
/// a source has no last success until its first complete pull, which is the truth.
public final class SourceProgress: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The end of the last pull pass that read every object without error.
        public var lastSuccess: Date?
        /// The start of that pass: every change made in the source before it has been ingested.
        public var syncedThrough: Date?
        public var lastError: String?
    }

    private let entries = Mutex<[SourceRef: Entry]>([:])

    public init() {}

    public func succeeded(_ ref: SourceRef, passStarted: Date, at now: Date = Date()) {
        entries.withLock {
            $0[ref, default: Entry()].lastSuccess = now
            $0[ref, default: Entry()].syncedThrough = passStarted
            $0[ref, default: Entry()].lastError = nil
        }
    }

    /// `message` must already be free of secrets and PII (a `SyncError`'s code and message are).
    public func failed(_ ref: SourceRef, _ message: String) {
        entries.withLock { $0[ref, default: Entry()].lastError = message }
    }

    public func entry(_ ref: SourceRef) -> Entry { entries.withLock { $0[ref] ?? Entry() } }

    /// Sync lag: how old the newest moment is up to which every change of the source is known.
    public func lagSeconds(_ ref: SourceRef, now: Date = Date()) -> Double? {
        entry(ref).syncedThrough.map { max(0, now.timeIntervalSince($0)) }
    }
}
