import Foundation

/// One authenticated API call as the handlers see it.
struct HubSpotCall: Sendable {
    var request: SandboxRequest
    var now: Int64
    var actor: HubSpotActor

    /// `properties=a,b` or repeated `properties=a&properties=b`; nil when absent.
    func propertyList(_ name: String = "properties") -> [String]? {
        let values = request.queryValues(name).flatMap { $0.split(separator: ",").map(String.init) }
        return values.isEmpty ? nil : values
    }

    var archived: Bool { request.queryValue("archived") == "true" }
}

/// `/crm/v3/objects/{type}`: list, read, create, update, archive.
extension HubSpotState {
    static let maxListLimit = 100

    func list(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let history = call.propertyList("propertiesWithHistory")
        // HubSpot halves the page when history is asked for.
        let limit = min(max(Int(call.request.queryValue("limit") ?? "") ?? 10, 1), history == nil ? Self.maxListLimit : 50)
        var start = store(type).ids.startIndex
        if let after = call.request.queryValue("after") {
            guard let from = Self.decodeCursor(after) else { return HubSpotError.validation("Invalid after cursor \(after)").response }
            start = store(type).ids.lowerBound(from)
        }
        let select = call.propertyList()
        let assocTypes = (call.propertyList("associations") ?? []).compactMap(HubSpotObjectType.init(path:))
        var results: [JSONValue] = []
        var next: Int?
        let ids = store(type).ids
        var i = start
        while i < ids.count {
            if let r = store(type)[ids[i]], r.archived == call.archived {
                if results.count == limit { next = r.id; break }
                results.append(withAssociations(r, type, select: select, history: history, assocTypes))
            }
            i += 1
        }
        var body: [String: JSONValue] = ["results": .array(results)]
        if let next {
            let cursor = Self.encodeCursor(next)
            body["paging"] = ["next": ["after": .string(cursor),
                                       "link": .string("?after=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)")]]
        }
        return .json(200, .object(body))
    }

    func read(_ type: HubSpotObjectType, key: String, _ call: HubSpotCall) -> SandboxResponse {
        let idProperty = call.request.queryValue("idProperty")
        let record: HubSpotRecord? = if call.archived {
            Int(key).flatMap { store(type)[$0] }.flatMap { $0.archived ? $0 : nil }
        } else {
            resolve(type, key, idProperty: idProperty).flatMap { store(type).live($0) }
        }
        guard let record else { return notFoundResponse(type, key) }
        let assocTypes = (call.propertyList("associations") ?? []).compactMap(HubSpotObjectType.init(path:))
        return .json(200, withAssociations(record, type, select: call.propertyList(),
                                           history: call.propertyList("propertiesWithHistory"), assocTypes))
    }

    mutating func createOne(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        guard let body = call.request.json, let props = body["properties"]?.objectValue else {
            return HubSpotError.validation("Invalid input JSON: expected an object with \"properties\".").response
        }
        if let error = checkAssociationInputs(type, body["associations"]) { return error.response }
        switch create(type, props, by: call.actor, at: call.now) {
        case .failure(let e): return e.response
        case .success(let record):
            _ = applyAssociationInputs(type, record.id, body["associations"])
            return .json(201, record.json(type, select: Array(props.keys) + type.defaultProperties, schema: schema))
        }
    }

    mutating func updateOne(_ type: HubSpotObjectType, key: String, _ call: HubSpotCall) -> SandboxResponse {
        guard let props = call.request.json?["properties"]?.objectValue else {
            return HubSpotError.validation("Invalid input JSON: expected an object with \"properties\".").response
        }
        guard let id = resolve(type, key, idProperty: call.request.queryValue("idProperty")) else { return notFoundResponse(type, key) }
        switch update(type, id: id, props, by: call.actor, at: call.now) {
        case .failure(let e): return e.response
        case .success(let record): return .json(200, record.json(type, select: Array(props.keys) + type.defaultProperties, schema: schema))
        }
    }

    /// DELETE answers 204 whether or not the record existed, as HubSpot does.
    mutating func archiveOne(_ type: HubSpotObjectType, key: String, _ call: HubSpotCall) -> SandboxResponse {
        if let id = resolve(type, key, idProperty: nil) { archive(type, id: id, by: call.actor, at: call.now) }
        return SandboxResponse(status: 204)
    }

    func notFoundResponse(_ type: HubSpotObjectType, _ key: String) -> SandboxResponse {
        HubSpotError.notFound("Object not found.  objectId are usually numeric.", context: ["id": [.string(key)]]).response
    }

    /// The v3 `associations` block of a read: `{"contacts":{"results":[{"id","type"}]}}`.
    private func withAssociations(_ r: HubSpotRecord, _ type: HubSpotObjectType, select: [String]?, history: [String]?,
                                  _ assocTypes: [HubSpotObjectType]) -> JSONValue {
        var json = r.json(type, select: select, schema: schema, withHistory: history)
        guard !assocTypes.isEmpty, case .object(var o) = json else { return json }
        var block: [String: JSONValue] = [:]
        for to in assocTypes {
            let rows = associated(HubSpotObjectRef(type: type, id: r.id), to).flatMap { target in
                target.typeIds.compactMap { HubSpotAssociationType.type(from: type, to: to, id: $0) }.map {
                    JSONValue.object(["id": .string(String(target.id)), "type": .string($0.name)])
                }
            }
            if !rows.isEmpty { block[to.rawValue] = ["results": .array(rows)] }
        }
        if !block.isEmpty { o["associations"] = .object(block) }
        json = .object(o)
        return json
    }

    /// List cursors are opaque to clients; this one is the base64 of the next id.
    static func encodeCursor(_ id: Int) -> String { Data(String(id).utf8).base64EncodedString() }

    static func decodeCursor(_ cursor: String) -> Int? {
        Data(base64Encoded: cursor).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }
}
