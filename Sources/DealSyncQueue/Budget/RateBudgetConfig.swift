import DealSyncCore
import Foundation

/// A source account's request budget, seeded from `connectors/*.yaml` and corrected live from
/// the API's headers (`TokenBucket.observe`).
public struct RateBudgetConfig: Sendable, Hashable {
    /// Requests allowed per burst window.
    public var burstLimit: Int
    /// The burst window in seconds (HubSpot 10, Pipedrive 2).
    public var burstWindow: TimeInterval
    /// Requests allowed per day, if the API has a daily quota.
    public var dailyLimit: Int?
    /// The share of the daily quota this daemon may use (0…1]; other integrations share it.
    public var dailyShare: Double
    /// The share of both budgets backfill may not use, so a backfill can never starve ordinary
    /// and high-value changes of requests.
    public var reservedShare: Double

    public init(burstLimit: Int, burstWindow: TimeInterval, dailyLimit: Int? = nil, dailyShare: Double = 1,
                reservedShare: Double = 0.2) {
        self.burstLimit = max(1, burstLimit)
        self.burstWindow = max(0.001, burstWindow)
        self.dailyLimit = dailyLimit
        self.dailyShare = min(1, max(0, dailyShare))
        self.reservedShare = min(0.9, max(0, reservedShare))
    }

    /// Published defaults, used when no connector file says otherwise (API-REFERENCE.md).
    public static let salesforce = RateBudgetConfig(burstLimit: 25, burstWindow: 1, dailyLimit: 15_000, dailyShare: 0.8)
    public static let hubspot = RateBudgetConfig(burstLimit: 100, burstWindow: 10, dailyLimit: 250_000, dailyShare: 0.8)
    public static let pipedrive = RateBudgetConfig(burstLimit: 40, burstWindow: 2, dailyLimit: 30_000, dailyShare: 0.8)

    /// The published defaults of one CRM's API.
    public static func published(_ kind: CRMKind) -> RateBudgetConfig {
        switch kind {
        case .salesforce: .salesforce
        case .hubspot: .hubspot
        case .pipedrive: .pipedrive
        }
    }
}

/// How jobs of one API are batched and how many batches may run at once.
public struct BatchLimits: Sendable, Hashable {
    /// Records per write request: Salesforce composite collections 200, HubSpot batch 100,
    /// Pipedrive has no batch write.
    public var batchSize: Int
    /// Batches in flight at once for one source account. HubSpot's 10-second bucket and 423
    /// locks on concurrent writes gain nothing from more than one; Pipedrive, with single-record
    /// writes, needs several to use its burst.
    public var concurrentBatches: Int

    public init(batchSize: Int, concurrentBatches: Int) {
        self.batchSize = max(1, batchSize)
        self.concurrentBatches = max(1, concurrentBatches)
    }

    public static let salesforce = BatchLimits(batchSize: 200, concurrentBatches: 2)
    public static let hubspot = BatchLimits(batchSize: 100, concurrentBatches: 1)
    public static let pipedrive = BatchLimits(batchSize: 1, concurrentBatches: 4)

    /// The largest batches each API accepts, and the concurrency that suits it.
    public static func published(_ kind: CRMKind) -> BatchLimits {
        switch kind {
        case .salesforce: .salesforce
        case .hubspot: .hubspot
        case .pipedrive: .pipedrive
        }
    }
}

/// What a `connectors/*.yaml` file says about one CRM's API: its request budget and batching.
public struct ConnectorLimits: Sendable, Hashable {
    public var budget: RateBudgetConfig
    public var batches: BatchLimits

    public init(budget: RateBudgetConfig, batches: BatchLimits) {
        self.budget = budget
        self.batches = batches
    }

    public static func published(_ kind: CRMKind) -> ConnectorLimits {
        ConnectorLimits(budget: .published(kind), batches: .published(kind))
    }
}
