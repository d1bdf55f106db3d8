import DealSyncCore
import Foundation

extension SalesforceConnector {
    public func write(_ kind: RecordKind, _ operations: [WriteOperation]) async throws -> [WriteResult] {
        let type = SalesforceWire.sobject(kind)
        var results = [WriteResult?](repeating: nil, count: operations.count)
        var creates: [(Int, RecordID, [String: RemoteValue])] = []
        var updates: [(Int, String, [String: RemoteValue])] = []
        var deletes: [(Int, String)] = []
        for (i, op) in operations.enumerated() {
            switch op {
            case .create(let id, let fields):
                creates.append((i, id, fields))
            case .update(let externalID, let fields, let since?):
                results[i] = try await conditionalUpdate(type, id: externalID, fields: fields, unmodifiedSince: since)
            case .update(let externalID, let fields, nil):
                updates.append((i, externalID, fields))
            case .delete(let externalID):
                deletes.append((i, externalID))
            }
        }
        if !creates.isEmpty { try await upsertAll(type, creates, into: &results) }
        if !updates.isEmpty {
            var records: [RemoteValue] = []
            for (_, id, fields) in updates {
                var body = fields
                body["attributes"] = .object(["type": .string(type)])
                body["id"] = .string(id)
                records.append(.object(body))
            }
            let payload = RemoteValue.object(["allOrNone": .bool(false), "records": .array(records)])
            let saved = try await call(.json(.PATCH, "\(base)/composite/sobjects", payload)).decode([SalesforceWire.SaveResult].self)
            for (n, (i, id, _)) in updates.enumerated() {
                let result = n < saved.count ? saved[n] : nil
                results[i] = result?.success == true ? .written(externalID: id, modifiedAt: nil) : .failed(Self.itemError(result?.errors))
            }
        }
        if !deletes.isEmpty {
            let ids = deletes.map(\.1).joined(separator: ",")
            let saved = try await call(APIRequest(.DELETE, "\(base)/composite/sobjects?ids=\(ids)&allOrNone=false"))
                .decode([SalesforceWire.SaveResult].self)
            for (n, (i, id)) in deletes.enumerated() {
                let result = n < saved.count ? saved[n] : nil
                let gone = result?.errors?.contains { $0.statusCode == "ENTITY_IS_DELETED" } ?? false
                results[i] = result?.success == true || gone ? .written(externalID: id, modifiedAt: nil) : .failed(Self.itemError(result?.errors))
            }
        }
        return results.map { $0 ?? .failed(SyncError(.retryable, code: "salesforce.no_result", message: "no result")) }
    }

    /// Creates as one collections upsert on the external-id field (up to 200 records a call): a
    /// create retried after a crash finds the record it made. A record refused for create-only
    /// fields (a retried Task) is sent again alone without them.
    func upsertAll(_ type: String, _ creates: [(Int, RecordID, [String: RemoteValue])],
                   into results: inout [WriteResult?]) async throws {
        let records = creates.map { _, id, fields -> RemoteValue in
            var body = fields
            body["attributes"] = .object(["type": .string(type)])
            body[SalesforceWire.externalIDField] = .string(id.description)
            return .object(body)
        }
        let payload = RemoteValue.object(["allOrNone": .bool(false), "records": .array(records)])
        let saved = try await call(.json(.PATCH, "\(base)/composite/sobjects/\(type)/\(SalesforceWire.externalIDField)", payload))
            .decode([SalesforceWire.SaveResult].self)
        for (n, (i, id, fields)) in creates.enumerated() {
            let result = n < saved.count ? saved[n] : nil
            if result?.success == true, let externalID = result?.id {
                results[i] = .written(externalID: externalID, modifiedAt: nil)
            } else if let retry = Self.withoutCreateOnly(type, fields, after: Self.itemError(result?.errors)) {
                results[i] = try await upsert(type, dealSyncID: id, fields: retry)
            } else {
                results[i] = .failed(Self.itemError(result?.errors))
            }
        }
    }

    /// One record's upsert on the external-id field.
    func upsert(_ type: String, dealSyncID: RecordID, fields: [String: RemoteValue]) async throws -> WriteResult {
        var body = fields
        body[SalesforceWire.externalIDField] = nil
        let path = "\(base)/sobjects/\(type)/\(SalesforceWire.externalIDField)/\(dealSyncID.description)"
        do {
            let response = try await call(.json(.PATCH, path, RemoteValue.object(body)), accept: [200, 201, 204])
            if let saved = try? response.decode(SalesforceWire.SaveResult.self), let id = saved.id {
                return .written(externalID: id, modifiedAt: nil)
            }
            // 204 on update carries no body: look the id up by the external id.
            let soql = "SELECT Id FROM \(type) WHERE \(SalesforceWire.externalIDField) = \(SalesforceWire.soqlString(dealSyncID.description))"
            let found = try await call(APIRequest(.GET, "\(base)/query?q=\(APIRequest.formEncode(soql))")).decode(SalesforceWire.QueryResult.self)
            guard let id = found.records.first?["Id"]?.stringValue else {
                return .failed(SyncError(.retryable, code: "salesforce.upsert_lost", message: "upserted record not found"))
            }
            return .written(externalID: id, modifiedAt: nil)
        } catch let error as SyncError where error.kind == .validation {
            if let retry = Self.withoutCreateOnly(type, fields, after: error) { return try await upsert(type, dealSyncID: dealSyncID, fields: retry) }
            return .failed(error)
        }
    }

    func conditionalUpdate(_ type: String, id: String, fields: [String: RemoteValue], unmodifiedSince: Date) async throws -> WriteResult {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var request = try APIRequest.json(.PATCH, "\(base)/sobjects/\(type)/\(id)", RemoteValue.object(fields))
        request.headers.append(("If-Unmodified-Since", f.string(from: unmodifiedSince)))
        let response = try await client.send(request)
        await limits.record(Self.snapshot(response))
        switch response.status {
        case 200, 204: return .written(externalID: id, modifiedAt: nil)
        case 412: return .preconditionFailed(externalID: id)
        default:
            let error = Self.error(response, now: now())
            if error.kind == .validation { return .failed(error) }
            throw error
        }
    }
}
