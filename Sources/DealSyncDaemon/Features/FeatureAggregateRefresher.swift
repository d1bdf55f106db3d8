import DealSyncControl
import DealSyncCore
import Foundation
import Logging
import ServiceLifecycle

/// Recomputes each org's feature aggregates daily: at start when the stored ones are older than
/// a day, then whenever the oldest comes due, checking every `checkEvery` whether many new
/// transitions (the first backfill) made a recompute due earlier. A failed run is retried at
/// the next check, with `features.stale` raised until one succeeds; meanwhile lookups keep
/// the previous aggregates until the staleness bound.
public struct FeatureAggregateRefresher: Service {
    let features: FeatureStore
    let orgs: [OrgID]
    let checkEvery: TimeInterval
    let health: HealthRegistry?
    let logger: Logger

    public init(features: FeatureStore, orgs: [OrgID], checkEvery: TimeInterval = 60, health: HealthRegistry? = nil, logger: Logger) {
        self.features = features
        self.orgs = orgs
        self.checkEvery = checkEvery
        self.health = health
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            let interval = features.settings.aggregateInterval
            while !Task.isCancelled {
                var next = Date().addingTimeInterval(min(interval, checkEvery))
                for org in orgs {
                    do {
                        let computed = try await features.refreshAggregatesIfDue(org: org)
                        next = min(next, computed.addingTimeInterval(interval))
                        health?.clear(.featuresStale, org: org)
                    } catch where !Task.isCancelled {
                        logger.warning("feature aggregates not recomputed", metadata: [LogKeys.orgID: "\(org)", LogKeys.error: "\(error)"])
                        health?.set(HealthCondition(.featuresStale, .warning, "feature aggregates could not be recomputed: \(error)", org: org))
                    } catch {
                        return   // shutting down
                    }
                }
                // Shutdown ends the sleep early; the loop then sees the cancellation.
                try? await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow)))
            }
        }
    }
}

extension HealthCode {
    /// An org's feature aggregates could not be recomputed; a day and an hour after the last
    /// success its deals are scored on their own fields only.
    public static let featuresStale = HealthCode("features.stale")
}
