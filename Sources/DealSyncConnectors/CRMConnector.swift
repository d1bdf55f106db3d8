import DealSyncCore
import Foundation

/// One CRM account, seen as a change feed and a batched writer. Connectors take and return
/// values and never see the store (DESIGN §3): the engine decides what to do with a page and
/// advances the cursor only after committing it.
public protocol CRMConnector: Sendable {
    var crm: CRMKind { get }

    /// The largest number of records one write call may carry (Salesforce 200, HubSpot 100, Pipedrive 1).
    var writeBatchLimit: Int { get }

    /// One page of changes after `cursor` (nil: from the beginning). Re-reading a page is harmless.
    func changes(of kind: RecordKind, after cursor: String?) async throws -> ChangePage

    /// Current state of the given records; ids the CRM no longer has are reported as deletions.
    func fetch(_ kind: RecordKind, ids: [String]) async throws -> ChangePage

    /// Apply writes, at most `writeBatchLimit` per call; one result per operation, in order.
    func write(_ kind: RecordKind, _ operations: [WriteOperation]) async throws -> [WriteResult]

    /// Turn a webhook delivery into hints of what changed, after checking its authenticity.
    /// Throws `SyncError` with kind `.auth` for a bad signature, `.validation` for a malformed body.
    func parseWebhook(_ delivery: WebhookDelivery, now: Date) throws -> [ChangeHint]

    /// What the API said about its budget in its latest response.
    func rateLimit() async -> RateLimitSnapshot?

    /// The account's active users who can own records, with their emails: the owner map joins
    /// the CRMs' user ids on these emails.
    func users() async throws -> [CRMUser]
}

/// A CRM user who can own records.
public struct CRMUser: Sendable, Hashable {
    public var id: String
    public var email: String

    public init(id: String, email: String) {
        self.id = id
        self.email = email
    }
}

public struct ChangePage: Sendable {
    public var records: [RemoteRecord]
    public var deletions: [RemoteDeletion]
    /// Where to resume after this page is committed.
    public var nextCursor: String?
    /// False when the feed is drained for now.
    public var hasMore: Bool

    public init(records: [RemoteRecord], deletions: [RemoteDeletion], nextCursor: String?, hasMore: Bool) {
        self.records = records
        self.deletions = deletions
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

public enum WriteOperation: Sendable, Hashable {
    /// Create through the CRM's idempotent path, keyed by the DealSync id written into its
    /// external-id field, so a retried create never duplicates.
    case create(dealSyncID: RecordID, fields: [String: RemoteValue])
    /// Update; `unmodifiedSince` makes it conditional where the API supports it (Salesforce).
    case update(externalID: String, fields: [String: RemoteValue], unmodifiedSince: Date?)
    case delete(externalID: String)
}

public enum WriteResult: Sendable, Hashable {
    case written(externalID: String, modifiedAt: Date?)
    /// The record changed in the CRM since `unmodifiedSince`: re-read it and resolve again.
    case preconditionFailed(externalID: String)
    case failed(SyncError)
}

/// A webhook as received on `/webhooks/{org}/{source}`.
public struct WebhookDelivery: Sendable {
    public var method: String
    /// The full URL as the sender called it (HubSpot signs it).
    public var url: String
    public var headers: [String: String]
    public var body: Data

    public init(method: String, url: String, headers: [String: String], body: Data) {
        self.method = method
        self.url = url
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

/// A webhook says "this record changed"; it is a hint, never trusted as the record itself.
public struct ChangeHint: Sendable, Hashable {
    public var kind: RecordKind
    public var externalID: String
    public var deleted: Bool
    public init(kind: RecordKind, externalID: String, deleted: Bool) {
        self.kind = kind
        self.externalID = externalID
        self.deleted = deleted
    }
}
