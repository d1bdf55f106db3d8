import DealSyncCore
import Foundation

extension HubSpotConnector {
    /// Creates go through batch upsert on `dealsync_id`, so a create retried after a crash
    /// updates the record it made the first time instead of duplicating it.
    public func write(_ kind: RecordKind, _ operations: [WriteOperation]) async throws -> [WriteResult] {
        if kind == .activity { return try await writeEmails(operations) }
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
        // Upsert results are matched by the DealSync id they carry, update results by record id.
        for (endpoint, group, key) in [("upsert", creates, { (o: HubSpotWire.Object) in o.properties[Self.idProperty] ?? nil }),
                                       ("update", updates, { (o: HubSpotWire.Object) in o.id })] where !group.isEmpty {
            let outcome = try await batch("/crm/v3/objects/\(path)/batch/\(endpoint)", group.map(\.1), key: key, kind: kind)
            for (n, (i, _)) in group.enumerated() { results[i] = outcome[n] }
        }
        if !deletes.isEmpty {
            _ = try await call(.json(.POST, "/crm/v3/objects/\(path)/batch/archive",
                                     HubSpotWire.BatchRequest(inputs: deletes.map(\.1), properties: nil, idProperty: nil)),
                               accept: [200, 204])
            for (i, input) in deletes { results[i] = .written(externalID: input.id ?? "", modifiedAt: nil) }
        }
        return results.map { $0 ?? .failed(SyncError(.retryable, code: "hubspot.no_result", message: "no result for operation")) }
    }

    /// One batch call; when HubSpot rejects the whole batch as invalid, each input is sent on its
    /// own so that one bad record fails alone instead of taking its batch with it.
    func batch(_ path: String, _ inputs: [HubSpotWire.BatchInput], key: (HubSpotWire.Object) -> String?,
                       kind: RecordKind) async throws -> [WriteResult] {
        let response: APIResponse
        do {
            response = try await call(.json(.POST, path, HubSpotWire.BatchRequest(inputs: inputs, properties: nil, idProperty: nil)),
                                      accept: [200, 201, 207])
        } catch let error as SyncError where error.kind == .validation {
            guard inputs.count > 1 else { return [.failed(error)] }
            var results: [WriteResult] = []
            for input in inputs { results += try await batch(path, [input], key: key, kind: kind) }
            return results
        }
        let body = try response.decode(HubSpotWire.BatchResponse.self)
        let byKey = Dictionary((body.results ?? []).compactMap { o in key(o).map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
        return inputs.map { input in
            byKey[input.id ?? ""].map { .written(externalID: $0.id, modifiedAt: modified($0, kind)) }
                ?? .failed(Self.itemError(body.errors, id: input.id))
        }
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
