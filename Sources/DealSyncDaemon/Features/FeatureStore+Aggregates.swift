import DealSyncCore
import DealSyncStore
import Foundation

extension FeatureStore {
    /// Recomputes an org's aggregates and rewrites its counters from the recorded events. One
    /// run per org at a time: a lookup that finds the aggregates stale joins the running one.
    @discardableResult
    public func refreshAggregates(org: OrgID) async throws -> FeatureAggregates {
        if let running = refreshing[org] { return try await running.value }
        let store = store.org(org), clock = clock
        let task = Task {
            let (outcomes, transitions) = try await store.read { tx in (try tx.dealOutcomeRows(), try tx.stageTransitions()) }
            let aggregates = FeatureAggregates.compute(outcomes: outcomes, transitions: transitions, at: clock.now())
            try await store.write { tx in _ = try tx.replaceFeatureAggregates(aggregates) }
            return aggregates
        }
        refreshing[org] = task
        defer { refreshing[org] = nil }
        let fresh = try await task.value
        aggregates[org] = fresh
        return fresh
    }

    /// Recomputes when the aggregates are older than the interval, missing, or outgrown by the
    /// transitions recorded since; returns when the aggregates in use were computed.
    public func refreshAggregatesIfDue(org: OrgID) async throws -> Date {
        if let current = try await loadedAggregates(org), clock.now().timeIntervalSince(current.computedAt) < settings.aggregateInterval,
           !current.outgrown(by: try await store.org(org).read({ tx in try tx.stageTransitionCount() })) {
            return current.computedAt
        }
        return try await refreshAggregates(org: org).computedAt
    }

    /// Aggregates young enough to score with, recomputing them when they are not.
    func usableAggregates(_ org: OrgID) async throws -> FeatureAggregates {
        let current = try await loadedAggregates(org)
        if let current, clock.now().timeIntervalSince(current.computedAt) <= settings.aggregateMaxAge { return current }
        do {
            return try await refreshAggregates(org: org)
        } catch {
            throw FeatureStoreError.staleAggregates(org: org, computedAt: current?.computedAt)
        }
    }

    private func loadedAggregates(_ org: OrgID) async throws -> FeatureAggregates? {
        if let loaded = aggregates[org] { return loaded }
        let stored = try await store.org(org).read { tx in try tx.featureAggregates() }
        if let stored, aggregates[org] == nil { aggregates[org] = stored }
        return aggregates[org]
    }
}
