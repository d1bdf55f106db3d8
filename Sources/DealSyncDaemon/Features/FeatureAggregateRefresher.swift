import DealSyncCore
import Foundation
import Logging
import ServiceLifecycle

/// Recomputes each org's feature aggregates daily: at start when the stored ones are older than
/// a day, then whenever the oldest comes due, checking every `checkEvery` whether many new
/// transitions (the first backfill) made a recompute due earlier. A failed run is retried at
/// the next check; meanwhile lookups keep the previous aggregates until the staleness bound.
public struct FeatureAggregateRefresher: Service {
    let features: FeatureStore
    let orgs: [OrgID]
    let checkEvery: TimeInterval
    let logger: Logger

    public init(features: FeatureStore, orgs: [OrgID], checkEvery: TimeInterval = 60, logger: Logger) {
        self.features = features
        self.orgs = orgs
        self.checkEvery = checkEvery
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
                    } catch where !Task.isCancelled {
                        logger.warning("feature aggregates not recomputed", metadata: [LogKeys.orgID: "\(org)", LogKeys.error: "\(error)"])
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
