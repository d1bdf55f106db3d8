import DealSyncControl
import DealSyncCore
import Foundation
import Synchronization

/// The single registry of current health conditions. `/readyz`, the control `status` and
/// `health` commands and the systemd `STATUS=` line all read it, so they never disagree.
///
/// A class with a `Mutex` rather than an actor: HTTP handlers and the control server read it
/// synchronously on every request, and writes are a dictionary update.
public final class HealthRegistry: Sendable {
    private struct State {
        var conditions: [HealthCondition.Key: HealthCondition] = [:]
        var watchers: [Int: AsyncStream<HealthSnapshot>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Raises a condition, or updates its severity and message if already raised.
    public func set(_ condition: HealthCondition) {
        update { conditions in
            var c = condition
            if let existing = conditions[c.key] { c.since = existing.since }
            conditions[c.key] = c
        }
    }

    /// Clears a condition; clearing one that is not raised does nothing.
    public func clear(_ code: HealthCode, org: OrgID? = nil, source: SourceID? = nil) {
        update { $0[HealthCondition.Key(code: code.rawValue, org: org, source: source)] = nil }
    }

    /// Clears every condition with this code, whatever its scope (e.g. after a reload
    /// removed sources).
    public func clearAll(_ code: HealthCode) {
        update { conditions in conditions = conditions.filter { $0.key.code != code.rawValue } }
    }

    public func snapshot() -> HealthSnapshot {
        state.withLock { HealthSnapshot(conditions: Array($0.conditions.values)) }
    }

    /// Snapshots after every change, starting with the current one. The stream ends when the
    /// consumer stops iterating.
    public func changes() -> AsyncStream<HealthSnapshot> {
        let (stream, continuation) = AsyncStream.makeStream(of: HealthSnapshot.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { s in
            let id = s.nextWatcher
            s.nextWatcher += 1
            s.watchers[id] = continuation
            continuation.yield(HealthSnapshot(conditions: Array(s.conditions.values)))
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    private func update(_ change: (inout [HealthCondition.Key: HealthCondition]) -> Void) {
        state.withLock { s in
            let before = s.conditions
            change(&s.conditions)
            guard s.conditions != before else { return }
            let snapshot = HealthSnapshot(conditions: Array(s.conditions.values))
            for watcher in s.watchers.values { watcher.yield(snapshot) }
        }
    }
}

/// The conditions at one moment, worst first.
public struct HealthSnapshot: Sendable, Hashable, Codable {
    public var conditions: [HealthCondition]

    public init(conditions: [HealthCondition]) {
        self.conditions = conditions.sorted {
            ($0.severity, $1.code, $1.org?.rawValue ?? "", $1.source?.rawValue ?? "")
                > ($1.severity, $0.code, $0.org?.rawValue ?? "", $0.source?.rawValue ?? "")
        }
    }

    /// The worst severity present, or nil when there are no conditions at all.
    public var worst: HealthSeverity? { conditions.first?.severity }

    /// Ready means nothing critical: the service can take and push changes.
    public var isReady: Bool { worst != .critical }

    /// The conditions that make the service not ready.
    public var blocking: [HealthCondition] { conditions.filter { $0.severity == .critical } }

    /// One short line, e.g. `ready, 2 sources; warning: source.paused acme/sf: paused by uid 0`.
    public func statusLine(sources: Int) -> String {
        var line = isReady ? "ready, \(sources) source\(sources == 1 ? "" : "s")" : "not ready"
        if let first = conditions.first {
            line += "; \(first.severity): \(first.summary)"
            if conditions.count > 1 { line += " (+\(conditions.count - 1) more)" }
        }
        return line
    }
}
