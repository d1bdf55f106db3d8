import DealSyncCore
import Foundation

/// Salesforce REST: SOQL on `SystemModstamp` with `nextRecordsUrl` paging for changes,
/// `getDeleted` for deletions, upsert on `DealSync_Id__c` for creates, sObject collections (200)
/// for updates and deletes, `If-Unmodified-Since` for conditional updates.
public struct SalesforceConnector: CRMConnector {
    public var crm: CRMKind { .salesforce }
    public var writeBatchLimit: Int { 200 }

    let client: APIClient
    let fields: [RecordKind: [String]]
    let limits = RateLimitTracker()
    let now: @Sendable () -> Date
    /// `Sforce-Query-Options: batchSize=N` (200–2000); nil lets Salesforce choose (2000).
    let batchSize: Int?
    var base: String { "/services/data/\(SalesforceWire.apiVersion)" }

    public init(client: APIClient, fields: [RecordKind: [String]], batchSize: Int? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.batchSize = batchSize.map { min(max($0, 200), 2000) }
        self.client = client
        self.fields = fields
        self.now = now
    }

    public func rateLimit() async -> RateLimitSnapshot? { await limits.latest }

    public func changes(of kind: RecordKind, after cursor: String?) async throws -> ChangePage {
        var position = SalesforceCursor.decode(cursor)
        let result: SalesforceWire.QueryResult
        if let next = position.next {
            do {
                result = try await call(APIRequest(.GET, next, headers: queryHeaders)).decode(SalesforceWire.QueryResult.self)
            } catch let error as SyncError where error.code == "salesforce.INVALID_QUERY_LOCATOR" {
                position.next = nil
                return try await changes(of: kind, after: position.encoded)
            }
        } else {
            var soql = "SELECT \(selectList(kind)) FROM \(SalesforceWire.sobject(kind))"
            if let since = position.since { soql += " WHERE SystemModstamp >= \(SalesforceWire.soqlDateTime(since))" }
            soql += " ORDER BY SystemModstamp, Id"
            result = try await call(query(soql)).decode(SalesforceWire.QueryResult.self)
        }
        let records = result.records.compactMap { record($0, kind: kind) }
        if let last = records.last?.modifiedAt { position.since = last }
        position.next = result.done ? nil : result.nextRecordsUrl
        var deletions: [RemoteDeletion] = []
        if result.done { deletions = try await deleted(kind, position: &position) }
        return ChangePage(records: records, deletions: deletions, nextCursor: position.encoded, hasMore: !result.done)
    }

    /// `getDeleted` covers at most 15 days back; the first run starts the window now.
    func deleted(_ kind: RecordKind, position: inout SalesforceCursor) async throws -> [RemoteDeletion] {
        let end = now()
        guard let start = position.deletedSince, end.timeIntervalSince(start) >= 60 else {
            if position.deletedSince == nil { position.deletedSince = end }
            return []
        }
        let f = ISO8601DateFormatter()
        let path = "\(base)/sobjects/\(SalesforceWire.sobject(kind))/deleted/?start=\(APIRequest.formEncode(f.string(from: start)))&end=\(APIRequest.formEncode(f.string(from: end)))"
        let body = try await call(APIRequest(.GET, path)).decode(SalesforceWire.Deleted.self)
        position.deletedSince = body.latestDateCovered.flatMap(ISO8601.parse) ?? end
        return body.deletedRecords.map {
            RemoteDeletion(kind: kind, externalID: $0.id, deletedAt: ISO8601.parse($0.deletedDate) ?? end)
        }
    }

    public func fetch(_ kind: RecordKind, ids: [String]) async throws -> ChangePage {
        var records: [RemoteRecord] = []
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = ids[start..<min(start + 200, ids.count)]
            let soql = "SELECT \(selectList(kind)) FROM \(SalesforceWire.sobject(kind)) WHERE Id IN (\(chunk.map(SalesforceWire.soqlString).joined(separator: ",")))"
            var next: String? = "\(base)/query?q=\(APIRequest.formEncode(soql))"
            while let path = next {
                let page = try await call(APIRequest(.GET, path)).decode(SalesforceWire.QueryResult.self)
                records += page.records.compactMap { record($0, kind: kind) }
                next = page.done ? nil : page.nextRecordsUrl
            }
        }
        let found = Set(records.map { Self.id15($0.externalID) })
        let missing = ids.filter { !found.contains(Self.id15($0)) }.map { RemoteDeletion(kind: kind, externalID: $0, deletedAt: now()) }
        return ChangePage(records: records, deletions: missing, nextCursor: nil, hasMore: false)
    }

    public func parseWebhook(_ delivery: WebhookDelivery, now: Date) throws -> [ChangeHint] {
        // Salesforce pushes only SOAP outbound messages or streaming events; DealSync polls it.
        throw SyncError(.validation, code: "salesforce.webhooks_unsupported", message: "Salesforce sources are polled; no webhook route")
    }

    func query(_ soql: String) -> APIRequest {
        APIRequest(.GET, "\(base)/query?q=\(APIRequest.formEncode(soql))", headers: queryHeaders)
    }

    var queryHeaders: [(name: String, value: String)] {
        batchSize.map { [("Sforce-Query-Options", "batchSize=\($0)")] } ?? []
    }

    func selectList(_ kind: RecordKind) -> String {
        Set((fields[kind] ?? []) + ["Id", "SystemModstamp", SalesforceWire.externalIDField]).sorted().joined(separator: ",")
    }

    func record(_ raw: [String: RemoteValue], kind: RecordKind) -> RemoteRecord? {
        guard let id = raw["Id"]?.stringValue else { return nil }
        var fields = raw
        fields["attributes"] = nil
        return RemoteRecord(kind: kind, externalID: id, fields: fields, modifiedAt: SalesforceWire.stamp(raw) ?? .distantPast)
    }

    /// 15- and 18-character ids name the same record; the first 15 characters are the id proper.
    static func id15(_ id: String) -> String { String(id.prefix(15)) }
}
