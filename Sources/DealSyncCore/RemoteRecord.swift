import Foundation

/// The CRMs DealSync keeps in agreement.
public enum CRMKind: String, Sendable, Codable, CaseIterable, Hashable {
    case salesforce, hubspot, pipedrive
}

/// One record as a CRM holds it: its id there, its fields in the CRM's own names, and the
/// CRM's modification stamp (used to drop stale payloads, DESIGN §4).
public struct RemoteRecord: Sendable, Hashable {
    public var kind: RecordKind
    public var externalID: String
    public var fields: [String: RemoteValue]
    public var modifiedAt: Date
    public init(kind: RecordKind, externalID: String, fields: [String: RemoteValue], modifiedAt: Date) {
        self.kind = kind
        self.externalID = externalID
        self.fields = fields
        self.modifiedAt = modifiedAt
    }
}

/// A record the CRM reports as deleted (archived, in the recycle bin, or soft-deleted).
public struct RemoteDeletion: Sendable, Hashable {
    public var kind: RecordKind
    public var externalID: String
    public var deletedAt: Date
    public init(kind: RecordKind, externalID: String, deletedAt: Date) {
        self.kind = kind
        self.externalID = externalID
        self.deletedAt = deletedAt
    }
}

/// What a rate-limited API told us about its budget in its last response, in one shape for all.
public struct RateLimitSnapshot: Sendable, Hashable {
    /// Requests allowed in the burst window, and how many remain of it.
    public var burstLimit: Int?
    public var burstRemaining: Int?
    public var burstWindow: Duration?
    /// The daily allocation and what remains of it.
    public var dailyLimit: Int?
    public var dailyRemaining: Int?
    /// When a throttled account may call again (from Retry-After or a reset header).
    public var retryAt: Date?

    public init(burstLimit: Int? = nil, burstRemaining: Int? = nil, burstWindow: Duration? = nil,
                dailyLimit: Int? = nil, dailyRemaining: Int? = nil, retryAt: Date? = nil) {
        self.burstLimit = burstLimit
        self.burstRemaining = burstRemaining
        self.burstWindow = burstWindow
        self.dailyLimit = dailyLimit
        self.dailyRemaining = dailyRemaining
        self.retryAt = retryAt
    }
}
