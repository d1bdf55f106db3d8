import DealSyncCore
import Foundation

extension PipedriveConnector {
    /// Pipedrive has no batch writes: one call per record. Creates look for the DealSync id first,
    /// so a create retried after a crash finds the record it made instead of duplicating it.
    public func write(_ kind: RecordKind, _ operations: [WriteOperation]) async throws -> [WriteResult] {
        if kind == .activity { return try await writeActivities(operations) }
        let collection = try Self.collection(kind)
        let schema = try await loadedSchema()
        var results: [WriteResult] = []
        for op in operations {
            do {
                results.append(try await apply(op, kind: kind, collection: collection, schema: schema))
            } catch let error as SyncError where error.kind == .validation {
                results.append(.failed(error))
            }
        }
        return results
    }

    private func apply(_ op: WriteOperation, kind: RecordKind, collection: String, schema: PipedriveSchema) async throws -> WriteResult {
        switch op {
        case .create(let dealSyncID, let fields):
            var named = fields
            named[Self.dealSyncIDField] = .string(dealSyncID.description)
            let body = try schema.writable(kind, named)
            if let existing = try await find(dealSyncID: dealSyncID, collection: collection, kind: kind, schema: schema) {
                return try await written(APIRequest.json(.PATCH, "/api/v2/\(collection)/\(existing)", RemoteValue.object(body)))
            }
            return try await written(APIRequest.json(.POST, "/api/v2/\(collection)", RemoteValue.object(body)))
        case .update(let id, let fields, _):
            return try await written(APIRequest.json(.PATCH, "/api/v2/\(collection)/\(id)", RemoteValue.object(try schema.writable(kind, fields))))
        case .delete(let id):
            let response = try await client.send(APIRequest(.DELETE, "/api/v2/\(collection)/\(id)"))
            await limits.record(Self.snapshot(response))
            // Already gone is what we wanted.
            if response.status == 404 || response.status == 410 || (200..<300).contains(response.status) {
                return .written(externalID: id, modifiedAt: nil)
            }
            throw Self.error(response, now: now())
        }
    }

    func written(_ request: APIRequest) async throws -> WriteResult {
        let body: PipedriveWire.Envelope<[String: RemoteValue]> = try await envelope(request)
        guard let id = body.data?["id"]?.stringValue else {
            throw SyncError(.retryable, code: "pipedrive.no_id", message: "write answered without the record id")
        }
        return .written(externalID: id, modifiedAt: body.data?["update_time"]?.stringValue.flatMap(ISO8601.parse))
    }

    private func find(dealSyncID: RecordID, collection: String, kind: RecordKind, schema: PipedriveSchema) async throws -> String? {
        guard schema.customKeys[kind]?[Self.dealSyncIDField] != nil else { return nil }
        let term = APIRequest.formEncode(dealSyncID.description)
        let result: PipedriveWire.SearchResult = try await get("/api/v2/\(collection)/search?term=\(term)&fields=custom_fields&exact_match=true")
        return result.items.first.map { String($0.item.id) }
    }
}
