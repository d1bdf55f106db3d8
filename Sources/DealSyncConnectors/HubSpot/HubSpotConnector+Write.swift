import DealSyncCore
import Foundation

extension HubSpotConnector {
    /// Creates go through batch upsert on `dealsync_id`, so a create retried after a crash
    /// updates the record it made the first time instead of duplicating it.
    public func write(_ kind: RecordKind, _ operations: [WriteOperation]) async throws -> [WriteResult] {
        let path = try Self.path(kind)
        var results = [WriteResult?](repeating: nil, count: operations.count)
        var creates: [(Int, HubSpotWire.BatchInput)] = []
        var updates: [(Int, HubSpotWire.BatchInput)] = []
        var deletes: [(Int, HubSpotWire.BatchInput)] = []
        for (i, op) in operations.enumerated() {
            switch op {
            case .create(let id, let fields):
                var props = HubSpotWire.wireProperties(fields)
                props[Self.idProperty] = id.description
                creates.append((i, .init(id: id.description, idProperty: Self.idProperty, properties: props)))
            case .update(let externalID, let fields, _):
                updates.append((i, .init(id: externalID, idProperty: nil, properties: HubSpotWire.wireProperties(fields))))
            case .delete(let externalID):
                deletes.append((i, .init(id: externalID, idProperty: nil, properties: nil)))
            }
        }
        if !creates.isEmpty {
            let response = try await call(.json(.POST, "/crm/v3/objects/\(path)/batch/upsert",
                                                HubSpotWire.BatchRequest(inputs: creates.map(\.1), properties: nil, idProperty: nil)),
                                          accept: [200, 201, 207])
            let batch = try response.decode(HubSpotWire.BatchResponse.self)
            let byKey = Dictionary((batch.results ?? []).compactMap { o in (o.properties[Self.idProperty] ?? nil).map { ($0, o) } },
                                   uniquingKeysWith: { a, _ in a })
            for (i, input) in creates {
                results[i] = byKey[input.id ?? ""].map { .written(externalID: $0.id, modifiedAt: modified($0, kind)) }
                    ?? .failed(Self.itemError(batch.errors, id: input.id))
            }
        }
        if !updates.isEmpty {
            let response = try await call(.json(.POST, "/crm/v3/objects/\(path)/batch/update",
                                                HubSpotWire.BatchRequest(inputs: updates.map(\.1), properties: nil, idProperty: nil)),
                                          accept: [200, 207])
            let batch = try response.decode(HubSpotWire.BatchResponse.self)
            let byID = Dictionary((batch.results ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (i, input) in updates {
                results[i] = byID[input.id ?? ""].map { .written(externalID: $0.id, modifiedAt: modified($0, kind)) }
                    ?? .failed(Self.itemError(batch.errors, id: input.id))
            }
        }
        if !deletes.isEmpty {
            _ = try await call(.json(.POST, "/crm/v3/objects/\(path)/batch/archive",
                                     HubSpotWire.BatchRequest(inputs: deletes.map(\.1), properties: nil, idProperty: nil)),
                               accept: [200, 204])
            for (i, input) in deletes { results[i] = .written(externalID: input.id ?? "", modifiedAt: nil) }
        }
        return results.map { $0 ?? .failed(SyncError(.retryable, code: "hubspot.no_result", message: "no result for operation")) }
    }

    func modified(_ object: HubSpotWire.Object, _ kind: RecordKind) -> Date? {
        (object.properties[HubSpotWire.modifiedProperty(kind)] ?? nil).flatMap(Self.millis)
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// HubSpot's multi-status errors name the inputs they concern in `context.ids` (or by
    /// property value); an error that names nobody applies to every input without a result.
    static func itemError(_ errors: [HubSpotWire.ErrorDetail]?, id: String?) -> SyncError {
        let errors = errors ?? []
        let match = errors.first { e in e.context?.values.contains { $0.contains(id ?? "") } ?? false } ?? errors.first
        return SyncError(.validation, code: "hubspot.\(match?.category ?? "VALIDATION_ERROR")",
                         message: match?.message ?? "HubSpot returned no result for this input")
    }
}
