import DealSyncCore
import Foundation

/// Pipedrive API v2: `updated_since` with cursor paging for changes, `status=deleted` for deleted
/// deals, one record per write call, custom fields and stages resolved by name.
public actor PipedriveConnector: CRMConnector {
    public nonisolated var crm: CRMKind { .pipedrive }
    public nonisolated var writeBatchLimit: Int { 1 }

    let client: APIClient
    let webhookUser: String?
    let webhookPassword: String?
    let limits = RateLimitTracker()
    let now: @Sendable () -> Date
    private var schema: PipedriveSchema?
    static let dealSyncIDField = "DealSync ID"
    /// v2 lists return at most 500 per page.
    let pageSize: Int

    public init(client: APIClient, webhookUser: String?, webhookPassword: String?, pageSize: Int = 500,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.pageSize = min(max(pageSize, 1), 500)
        self.client = client
        self.webhookUser = webhookUser
        self.webhookPassword = webhookPassword
        self.now = now
    }

    public func rateLimit() async -> RateLimitSnapshot? { await limits.latest }

    /// Loaded once and again on `reloadSchema()`, e.g. after an admin renames a stage.
    func loadedSchema() async throws -> PipedriveSchema {
        if let schema { return schema }
        var keys: [RecordKind: [String: String]] = [:]
        for kind in [RecordKind.deal, .contact, .company] {
            guard let path = PipedriveWire.fieldsPath(kind) else { continue }
            let fields: [PipedriveWire.Field] = try await get("/api/v2/\(path)?limit=500")
            keys[kind] = Dictionary(fields.filter { $0.is_custom_field == true || $0.field_code.count == 40 }
                .map { ($0.field_name, $0.field_code) }, uniquingKeysWith: { a, _ in a })
        }
        let stages: [PipedriveWire.Stage] = try await get("/api/v2/stages?limit=500")
        let loaded = PipedriveSchema(customKeys: keys, stageIDs: Dictionary(stages.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a }))
        schema = loaded
        return loaded
    }

    public func reloadSchema() { schema = nil }

    public func changes(of kind: RecordKind, after cursor: String?) async throws -> ChangePage {
        let collection = try Self.collection(kind)
        let schema = try await loadedSchema()
        var position = PipedriveCursor.decode(cursor)
        var query = "/api/v2/\(collection)?sort_by=update_time&sort_direction=asc&limit=\(pageSize)"
        if let since = position.since { query += "&updated_since=\(APIRequest.formEncode(PipedriveWire.rfc3339(since)))" }
        if let next = position.next { query += "&cursor=\(APIRequest.formEncode(next))" }
        let envelope: PipedriveWire.Envelope<[[String: RemoteValue]]> = try await envelope(APIRequest(.GET, query))
        let records = (envelope.data ?? []).compactMap { record($0, kind: kind, schema: schema) }
        position.next = envelope.additional_data?.next_cursor
        if position.next == nil, let last = records.last?.modifiedAt { position.since = last }
        var deletions: [RemoteDeletion] = []
        if position.next == nil, kind == .deal { deletions = try await deletedDeals(position: &position) }
        return ChangePage(records: records, deletions: deletions, nextCursor: position.encoded, hasMore: position.next != nil)
    }

    func deletedDeals(position: inout PipedriveCursor) async throws -> [RemoteDeletion] {
        var query = "/api/v2/deals?status=deleted&sort_by=update_time&sort_direction=asc&limit=500"
        if let since = position.deletedSince { query += "&updated_since=\(APIRequest.formEncode(PipedriveWire.rfc3339(since)))" }
        var deletions: [RemoteDeletion] = []
        var next: String?
        repeat {
            let page: PipedriveWire.Envelope<[[String: RemoteValue]]> =
                try await envelope(APIRequest(.GET, query + (next.map { "&cursor=\(APIRequest.formEncode($0))" } ?? "")))
            for raw in page.data ?? [] {
                guard let id = raw["id"]?.stringValue else { continue }
                let at = raw["update_time"]?.stringValue.flatMap(ISO8601.parse) ?? now()
                deletions.append(RemoteDeletion(kind: .deal, externalID: id, deletedAt: at))
                position.deletedSince = max(position.deletedSince ?? at, at)
            }
            next = page.additional_data?.next_cursor
        } while next != nil
        return deletions
    }

    public func fetch(_ kind: RecordKind, ids: [String]) async throws -> ChangePage {
        let collection = try Self.collection(kind)
        let schema = try await loadedSchema()
        var records: [RemoteRecord] = []
        var deletions: [RemoteDeletion] = []
        for id in ids {
            let response = try await client.send(APIRequest(.GET, "/api/v2/\(collection)/\(id)"))
            await limits.record(Self.snapshot(response))
            if response.status == 404 || response.status == 410 {
                deletions.append(RemoteDeletion(kind: kind, externalID: id, deletedAt: now()))
                continue
            }
            guard response.status == 200 else { throw Self.error(response, now: now()) }
            let body = try response.decode(PipedriveWire.Envelope<[String: RemoteValue]>.self)
            guard let raw = body.data else { continue }
            if raw["status"]?.stringValue == "deleted" || raw["is_deleted"] == .bool(true) {
                deletions.append(RemoteDeletion(kind: kind, externalID: id, deletedAt: now()))
            } else if let record = record(raw, kind: kind, schema: schema) {
                records.append(record)
            }
        }
        return ChangePage(records: records, deletions: deletions, nextCursor: nil, hasMore: false)
    }

    func record(_ raw: [String: RemoteValue], kind: RecordKind, schema: PipedriveSchema) -> RemoteRecord? {
        guard let id = raw["id"]?.stringValue else { return nil }
        let stamp = raw["update_time"]?.stringValue.flatMap(ISO8601.parse) ?? .distantPast
        return RemoteRecord(kind: kind, externalID: id, fields: schema.readable(kind, raw), modifiedAt: stamp)
    }

    static func collection(_ kind: RecordKind) throws -> String {
        guard let path = PipedriveWire.collection(kind) else {
            throw SyncError(.validation, code: "pipedrive.unsupported_object", message: "Pipedrive connector does not sync \(kind)")
        }
        return path
    }
}

struct PipedriveCursor: Codable, Equatable {
    /// Inclusive lower bound on `update_time` for the next query (whole seconds on the wire).
    var since: Date?
    var next: String?
    var deletedSince: Date?

    static func decode(_ text: String?) -> PipedriveCursor {
        guard let data = text?.data(using: .utf8),
              let cursor = try? JSONDecoder().decode(PipedriveCursor.self, from: data) else { return PipedriveCursor() }
        return cursor
    }

    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
}
