import DealSyncCore
import Foundation
import Logging
import ServiceLifecycle

/// Recomputes each org's feature aggregates daily: at start when the stored ones are older than
/// a day, then whenever the oldest comes due. A failed run is retried after `retryAfter`;
/// meanwhile lookups keep the previous aggregates until they pass the staleness bound.
public struct FeatureAggregateRefresher: Service {
    let features: FeatureStore
    let orgs: [OrgID]
    let retryAfter: TimeInterval
    let logger: Logger

    public init(features: FeatureStore, orgs: [OrgID], retryAfter: TimeInterval = 300, logger: Logger) {
        self.features = features
        self.orgs = orgs
        self.retryAfter = retryAfter
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            let interval = features.settings.aggregateInterval
            while !Task.isCancelled {
                var next = Date().addingTimeInterval(interval)
                for org in orgs {
                    do {
                        let computed = try await features.refreshAggregatesIfDue(org: org)
                        next = min(next, computed.addingTimeInterval(interval))
                    } catch {
                        logger.warning("feature aggregates not recomputed", metadata: [LogKeys.orgID: "\(org)", LogKeys.error: "\(error)"])
                        next = min(next, Date().addingTimeInterval(retryAfter))
                    }
                }
                try await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow)))
            }
        }
    }
}
