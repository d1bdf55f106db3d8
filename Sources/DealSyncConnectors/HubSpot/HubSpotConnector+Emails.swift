import DealSyncCore
import Foundation

/// Activities are HubSpot email engagements (`/crm/v3/objects/emails`), associated with their
/// contact and deal. HubSpot allows unique-value properties only on contacts, companies, deals,
/// tickets and custom objects, so emails cannot be upserted on `dealsync_id`: a create first
/// searches for the DealSync ids it carries and updates what it finds, so a create retried
/// after a crash never makes a second email. (Search trails writes by seconds; a retry comes
/// after a backoff far longer than that.)
extension HubSpotConnector {
    private typealias Pending = (index: Int, properties: [String: String], associations: [(objectType: String, typeId: Int, id: String)])

    func writeEmails(_ operations: [WriteOperation]) async throws -> [WriteResult] {
        var results = [WriteResult?](repeating: nil, count: operations.count)
        var creates: [(Pending, RecordID)] = []
        var updates: [(Pending, String)] = []
        var deletes: [(Int, String)] = []
        for (i, op) in operations.enumerated() {
            switch op {
            case .create(let id, let fields):
                var pending = Self.pending(i, fields)
                pending.properties[Self.idProperty] = id.description
                creates.append((pending, id))
            case .update(let externalID, let fields, _):
                updates.append((Self.pending(i, fields), externalID))
            case .delete(let externalID):
                deletes.append((i, externalID))
            }
        }
        let existing = try await emailIDs(dealSyncIDs: creates.map(\.1.description))
        var fresh: [Pending] = []
        for (pending, id) in creates {
            if let found = existing[id.description] { updates.append((pending, found)) } else { fresh.append(pending) }
        }
        for (pending, result) in try await createEmails(fresh) { results[pending.index] = result }
        if !updates.isEmpty {
            let inputs = updates.map { HubSpotWire.BatchInput(id: $0.1, idProperty: nil, properties: $0.0.properties) }
            let outcome = try await batch("/crm/v3/objects/\(HubSpotWire.emailsPath)/batch/update", inputs, key: { $0.id }, kind: .activity)
            for (n, (pending, _)) in updates.enumerated() { results[pending.index] = outcome[n] }
            let written = updates.compactMap { pending, id in
                if case .written? = results[pending.index] { (id, pending.associations) } else { nil }
            }
            try await detachReplaced(written)
            try await associate(written)
        }
        if !deletes.isEmpty {
            let inputs = deletes.map { HubSpotWire.BatchInput(id: $0.1, idProperty: nil, properties: nil) }
            _ = try await call(.json(.POST, "/crm/v3/objects/\(HubSpotWire.emailsPath)/batch/archive",
                                     HubSpotWire.BatchRequest(inputs: inputs, properties: nil, idProperty: nil)), accept: [200, 204])
            for (i, id) in deletes { results[i] = .written(externalID: id, modifiedAt: nil) }
        }
        return results.map { $0 ?? .failed(SyncError(.retryable, code: "hubspot.no_result", message: "no result for operation")) }
    }

    /// The mapping names associations as `associations.contact` / `associations.deal`; the rest
    /// are email properties.
    private static func pending(_ index: Int, _ fields: [String: RemoteValue]) -> Pending {
        var properties = fields
        let targets = properties.removeValue(forKey: "associations")
        var associations: [(objectType: String, typeId: Int, id: String)] = []
        if case .object(let refs)? = targets {
            for (name, value) in refs.sorted(by: { $0.key < $1.key }) {
                guard let spec = HubSpotWire.emailAssociationTypes[name], let id = value.stringValue, !id.isEmpty else { continue }
                associations.append((spec.objectType, spec.typeId, id))
            }
        }
        return (index, HubSpotWire.wireProperties(properties), associations)
    }

    /// Emails already holding these DealSync ids: DealSync id → HubSpot id.
    private func emailIDs(dealSyncIDs: [String]) async throws -> [String: String] {
        guard !dealSyncIDs.isEmpty else { return [:] }
        var found: [String: String] = [:]
        // `IN` takes at most 100 values per filter.
        for start in stride(from: 0, to: dealSyncIDs.count, by: 100) {
            let chunk = Array(dealSyncIDs[start..<min(start + 100, dealSyncIDs.count)])
            var after: String?
            repeat {
                let request = HubSpotWire.ValuesSearchRequest(
                    filterGroups: [.init(filters: [.init(propertyName: Self.idProperty, operator: "IN", values: chunk)])],
                    properties: [Self.idProperty], limit: 100, after: after)
                let page = try await call(.json(.POST, "/crm/v3/objects/\(HubSpotWire.emailsPath)/search", request))
                    .decode(HubSpotWire.Page.self)
                for object in page.results {
                    if let id = object.properties[Self.idProperty] ?? nil, found[id] == nil { found[id] = object.id }
                }
                after = page.paging?.next?.after
            } while after != nil
        }
        return found
    }

    /// Batch create with the associations inline. Results and errors name their input by
    /// `objectWriteTraceId`; a batch HubSpot refuses as a whole is retried one input at a time
    /// so that one bad email fails alone.
    private func createEmails(_ inputs: [Pending]) async throws -> [(Pending, WriteResult)] {
        guard !inputs.isEmpty else { return [] }
        let body = HubSpotWire.CreateRequest(inputs: inputs.map { pending in
            HubSpotWire.CreateInput(
                properties: pending.properties,
                associations: pending.associations.map { .init(to: .init(id: $0.id), types: [HubSpotWire.emailAssociation($0.typeId)]) },
                objectWriteTraceId: pending.properties[Self.idProperty] ?? String(pending.index))
        })
        let response: APIResponse
        do {
            response = try await call(.json(.POST, "/crm/v3/objects/\(HubSpotWire.emailsPath)/batch/create", body), accept: [200, 201, 207])
        } catch let error as SyncError where error.kind == .validation {
            guard inputs.count > 1 else { return [(inputs[0], .failed(error))] }
            var results: [(Pending, WriteResult)] = []
            for input in inputs { results += try await createEmails([input]) }
            return results
        }
        let created = try response.decode(HubSpotWire.CreateResponse.self)
        let byTrace = Dictionary((created.results ?? []).compactMap { o in
            (o.objectWriteTraceId ?? o.properties[Self.idProperty] ?? nil).map { ($0, o) }
        }, uniquingKeysWith: { a, _ in a })
        return inputs.map { pending in
            let trace = pending.properties[Self.idProperty] ?? String(pending.index)
            guard let object = byTrace[trace] else { return (pending, .failed(Self.itemError(created.errors, id: trace))) }
            let stamp = (object.properties[HubSpotWire.modifiedProperty(.activity)] ?? nil).flatMap(Self.millis)
            return (pending, .written(externalID: object.id, modifiedAt: stamp.map { Date(timeIntervalSince1970: Double($0) / 1000) }))
        }
    }

    /// The activity names one contact and one deal: when an update moves it, the email's other
    /// associations of that kind are archived so that HubSpot shows the same links.
    private func detachReplaced(_ links: [(emailID: String, targets: [(objectType: String, typeId: Int, id: String)])]) async throws {
        var wanted: [String: [String: String]] = [:]
        for (emailID, targets) in links {
            for target in targets { wanted[target.objectType, default: [:]][emailID] = target.id }
        }
        for (objectType, byEmail) in wanted.sorted(by: { $0.key < $1.key }) {
            let path = "/crm/v4/associations/\(HubSpotWire.emailsPath)/\(objectType)/batch"
            let read = try await call(.json(.POST, "\(path)/read", HubSpotWire.ReadRequest(inputs: byEmail.keys.sorted().map { .init(id: $0) })),
                                      accept: [200, 207]).decode(HubSpotWire.ReadResponse.self)
            let stale = (read.results ?? []).compactMap { result -> HubSpotWire.ArchiveInput? in
                let others = result.to.map { String($0.toObjectId) }.filter { $0 != byEmail[result.from.id] }
                return others.isEmpty ? nil : .init(from: result.from, to: others.map { .init(id: $0) })
            }
            if !stale.isEmpty {
                _ = try await call(.json(.POST, "\(path)/archive", HubSpotWire.ArchiveRequest(inputs: stale)), accept: [200, 204])
            }
        }
    }

    /// v4 batch association create: idempotent, so re-linking an email found by search is harmless.
    private func associate(_ links: [(emailID: String, targets: [(objectType: String, typeId: Int, id: String)])]) async throws {
        var byType: [String: [HubSpotWire.AssociationInput]] = [:]
        for (emailID, targets) in links {
            for target in targets {
                byType[target.objectType, default: []].append(.init(from: .init(id: emailID), to: .init(id: target.id),
                                                                    types: [HubSpotWire.emailAssociation(target.typeId)]))
            }
        }
        for (objectType, inputs) in byType.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: inputs.count, by: 100) {
                let chunk = Array(inputs[start..<min(start + 100, inputs.count)])
                _ = try await call(.json(.POST, "/crm/v4/associations/\(HubSpotWire.emailsPath)/\(objectType)/batch/create",
                                         HubSpotWire.AssociationRequest(inputs: chunk)), accept: [200, 201, 207])
            }
        }
    }
}
