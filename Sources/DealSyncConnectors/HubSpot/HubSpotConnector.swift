import DealSyncCore
import Foundation

/// HubSpot CRM v3: search on the modification stamp for changes, archived listings for
/// deletions, batch upsert on `dealsync_id` for idempotent creates.
public struct HubSpotConnector: CRMConnector {
    public var crm: CRMKind { .hubspot }
    public var writeBatchLimit: Int { 100 }

    let client: APIClient
    /// The HubSpot app's client secret, which signs webhook deliveries (v3).
    let webhookSecret: String?
    /// Properties to read per object: the mapped fields.
    let properties: [RecordKind: [String]]
    let limits: RateLimitTracker
    /// HubSpot allows five search requests per second per account and says so only with a 429.
    /// The window is a tenth longer than HubSpot's, since it counts arrivals and we count starts.
    let searchPacer = RequestPacer(limit: 5, window: .milliseconds(1100))
    let now: @Sendable () -> Date
    /// Search returns at most 200 per page.
    let pageLimit: Int
    static let idProperty = "dealsync_id"

    public init(client: APIClient, webhookSecret: String?, properties: [RecordKind: [String]], pageSize: Int = 200,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.pageLimit = min(max(pageSize, 1), 200)
        self.client = client
        self.webhookSecret = webhookSecret
        self.properties = properties
        self.limits = RateLimitTracker()
        self.now = now
    }

    public func rateLimit() async -> RateLimitSnapshot? { await limits.latest }

    public func changes(of kind: RecordKind, after cursor: String?) async throws -> ChangePage {
        let path = try Self.path(kind)
        let position = HubSpotCursor.decode(cursor)
        let stamp = HubSpotWire.modifiedProperty(kind)
        let request: HubSpotWire.SearchRequest
        if let tie = position.tieAfterID {
            request = .init(filterGroups: [.init(filters: [
                .init(propertyName: stamp, operator: "EQ", value: String(position.since)),
                .init(propertyName: "hs_object_id", operator: "GT", value: String(tie)),
            ])], sorts: [.init(propertyName: "hs_object_id", direction: "ASCENDING")],
                properties: readProperties(kind), limit: pageLimit, after: nil)
        } else {
            request = .init(filterGroups: [.init(filters: [
                .init(propertyName: stamp, operator: "GTE", value: String(position.since)),
            ])], sorts: [.init(propertyName: stamp, direction: "ASCENDING")],
                properties: readProperties(kind), limit: pageLimit,
                after: position.offset > 0 ? String(position.offset) : nil)
        }
        let page = try await call(.json(.POST, "/crm/v3/objects/\(path)/search", request)).decode(HubSpotWire.Page.self)
        let records = page.results.map { record($0, kind: kind) }
        let last = page.results.last
        let next = position.advanced(
            count: page.results.count, pageLimit: pageLimit, hasMore: page.paging?.next != nil,
            lastStamp: last.flatMap { $0.properties[stamp] ?? nil }.flatMap(Self.millis),
            lastID: last.flatMap { Int64($0.id) })
        return ChangePage(records: records, deletions: [], nextCursor: next.encoded, hasMore: page.paging?.next != nil)
    }

    /// Archived records, for deletions: HubSpot's search never returns them.
    public func archived(_ kind: RecordKind, after: String?) async throws -> ChangePage {
        let path = try Self.path(kind)
        var query = "/crm/v3/objects/\(path)?archived=true&limit=100"
        if let after { query += "&after=\(APIRequest.formEncode(after))" }
        let page = try await call(APIRequest(.GET, query)).decode(HubSpotWire.Page.self)
        let deletions = page.results.map {
            RemoteDeletion(kind: kind, externalID: $0.id,
                           deletedAt: $0.archivedAt.flatMap(ISO8601.parse) ?? now())
        }
        return ChangePage(records: [], deletions: deletions, nextCursor: page.paging?.next?.after,
                          hasMore: page.paging?.next != nil)
    }

    public func fetch(_ kind: RecordKind, ids: [String]) async throws -> ChangePage {
        let path = try Self.path(kind)
        var records: [RemoteRecord] = []
        for chunk in stride(from: 0, to: ids.count, by: 100).map({ Array(ids[$0..<min($0 + 100, ids.count)]) }) {
            let body = HubSpotWire.BatchRequest(inputs: chunk.map { .init(id: $0, idProperty: nil, properties: nil) },
                                                properties: readProperties(kind), idProperty: nil)
            let response = try await call(.json(.POST, "/crm/v3/objects/\(path)/batch/read", body), accept: [200, 207])
            records += (try response.decode(HubSpotWire.BatchResponse.self).results ?? []).map { record($0, kind: kind) }
        }
        let found = Set(records.map(\.externalID))
        let missing = ids.filter { !found.contains($0) }.map { RemoteDeletion(kind: kind, externalID: $0, deletedAt: now()) }
        return ChangePage(records: records, deletions: missing, nextCursor: nil, hasMore: false)
    }

    func readProperties(_ kind: RecordKind) -> [String] {
        Array(Set((properties[kind] ?? []) + [HubSpotWire.modifiedProperty(kind), Self.idProperty])).sorted()
    }

    func record(_ object: HubSpotWire.Object, kind: RecordKind) -> RemoteRecord {
        let stamp = (object.properties[HubSpotWire.modifiedProperty(kind)] ?? nil).flatMap(Self.millis)
            ?? object.updatedAt.flatMap(ISO8601.parse).map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
        return RemoteRecord(kind: kind, externalID: object.id, fields: HubSpotWire.remoteFields(object.properties),
                            modifiedAt: Date(timeIntervalSince1970: Double(stamp) / 1000))
    }

    static func path(_ kind: RecordKind) throws -> String {
        guard let path = HubSpotWire.objectPath(kind) else {
            throw SyncError(.validation, code: "hubspot.unsupported_object", message: "HubSpot connector does not sync \(kind)")
        }
        return path
    }

    /// HubSpot sends stamps as epoch-millisecond strings or ISO-8601.
    static func millis(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        return ISO8601.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }
}
