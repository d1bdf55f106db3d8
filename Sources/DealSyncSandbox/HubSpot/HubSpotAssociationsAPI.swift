/// Associations: v4 (`/crm/v4/objects/...` and `/crm/v4/associations/.../batch/...`) and the v3
/// `associations` array of create inputs.
extension HubSpotState {
    /// `PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}`
    mutating func associateDefault(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef, _ call: HubSpotCall) -> SandboxResponse {
        if let e = associate(from, to, typeIds: []) { return e.response }
        return batchResponse([defaultResult(from, to)], errors: [], at: call.now)
    }

    /// `PUT /crm/v4/objects/{from}/{id}/associations/{to}/{toId}` with `[{associationCategory, associationTypeId}]`.
    mutating func associateLabelled(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef, _ call: HubSpotCall) -> SandboxResponse {
        let ids = (call.request.json?.arrayValue ?? []).compactMap { $0["associationTypeId"]?.intValue }
        guard !ids.isEmpty else { return HubSpotError.validation("Expected a non-empty array of association specs.").response }
        if let e = associate(from, to, typeIds: ids) { return e.response }
        return .json(200, labels(from, to))
    }

    /// `GET /crm/v4/objects/{from}/{id}/associations/{to}?limit=&after=`
    func listAssociations(_ from: HubSpotObjectRef, _ toType: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        guard store(from.type).live(from.id) != nil else { return notFoundResponse(from.type, String(from.id)) }
        let limit = min(max(Int(call.request.queryValue("limit") ?? "") ?? 500, 1), 500)
        let all = associated(from, toType)
        let start = call.request.queryValue("after").flatMap(Int.init).map { after in all.firstIndex { $0.id >= after } ?? all.count } ?? 0
        let page = all[start..<min(all.count, start + limit)]
        var body: [String: JSONValue] = ["results": .array(page.map { multiAssociated(from.type, toType, $0) })]
        if start + limit < all.count { body["paging"] = ["next": ["after": .string(String(all[start + limit].id))]] }
        return .json(200, .object(body))
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/read`
    func batchReadAssociations(_ fromType: HubSpotObjectType, _ toType: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        var results: [JSONValue] = [], errors: [HubSpotError] = []
        for input in inputs {
            let key = input["id"]?.stringValue ?? ""
            let targets = Int(key).map { associated(HubSpotObjectRef(type: fromType, id: $0), toType) } ?? []
            guard !targets.isEmpty else {
                var e = HubSpotError.notFound("No \(toType.singular) is associated with \(fromType.singular) \(key).",
                                              context: ["fromObjectId": [.string(key)]])
                e.subCategory = "crm.associations.NO_ASSOCIATIONS_FOUND"
                errors.append(e)
                continue
            }
            results.append(["from": ["id": .string(key)], "to": .array(targets.map { multiAssociated(fromType, toType, $0) })])
        }
        return batchResponse(results, errors: errors, at: call.now)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/create|associate/default`
    mutating func batchCreateAssociations(_ fromType: HubSpotObjectType, _ toType: HubSpotObjectType, labelled: Bool,
                                          _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        var results: [JSONValue] = [], errors: [HubSpotError] = []
        for input in inputs {
            guard let f = input["from"]?["id"]?.stringValue.flatMap(Int.init), let t = input["to"]?["id"]?.stringValue.flatMap(Int.init) else {
                errors.append(.validation("Each input needs from.id and to.id."))
                continue
            }
            let from = HubSpotObjectRef(type: fromType, id: f), to = HubSpotObjectRef(type: toType, id: t)
            let ids = labelled ? (input["types"]?.arrayValue ?? []).compactMap { $0["associationTypeId"]?.intValue } : []
            if let e = associate(from, to, typeIds: ids) { errors.append(e); continue }
            results.append(labelled ? labels(from, to) : defaultResult(from, to))
        }
        return batchResponse(results, errors: errors, at: call.now, status: labelled ? 201 : 200)
    }

    /// `DELETE /crm/v4/objects/{from}/{id}/associations/{to}/{toId}` and `batch/archive`.
    mutating func removeAssociations(_ fromType: HubSpotObjectType, _ toType: HubSpotObjectType, pairs: [(Int, Int)]) -> SandboxResponse {
        for (f, t) in pairs { associations.remove(HubSpotObjectRef(type: fromType, id: f), HubSpotObjectRef(type: toType, id: t)) }
        return SandboxResponse(status: 204)
    }

    /// v3 create inputs: `[{"to":{"id"},"types":[{"associationCategory","associationTypeId"}]}]`;
    /// the target's object type follows from the association type id.
    func checkAssociationInputs(_ type: HubSpotObjectType, _ raw: JSONValue?) -> HubSpotError? {
        for a in raw?.arrayValue ?? [] {
            guard let to = a["to"]?["id"]?.stringValue.flatMap(Int.init) else { return .validation("Association input needs to.id.") }
            for typeId in (a["types"]?.arrayValue ?? []).compactMap({ $0["associationTypeId"]?.intValue }) {
                guard let target = Self.targetType(from: type, typeId: typeId) else {
                    return .validation("\(typeId) is not a valid association type id for \(type.singular).")
                }
                guard store(target).live(to) != nil else {
                    return .validation("\(target.singular.capitalized) \(to) does not exist and cannot be associated.")
                }
            }
        }
        return nil
    }

    mutating func applyAssociationInputs(_ type: HubSpotObjectType, _ id: Int, _ raw: JSONValue?) -> HubSpotError? {
        for a in raw?.arrayValue ?? [] {
            guard let to = a["to"]?["id"]?.stringValue.flatMap(Int.init) else { continue }
            for typeId in (a["types"]?.arrayValue ?? []).compactMap({ $0["associationTypeId"]?.intValue }) {
                guard let target = Self.targetType(from: type, typeId: typeId) else { continue }
                if let e = associate(HubSpotObjectRef(type: type, id: id), HubSpotObjectRef(type: target, id: to), typeIds: [typeId]) { return e }
            }
        }
        return nil
    }

    static func targetType(from: HubSpotObjectType, typeId: Int) -> HubSpotObjectType? {
        HubSpotObjectType.allCases.first { HubSpotAssociationType.type(from: from, to: $0, id: typeId) != nil }
    }

    private func multiAssociated(_ from: HubSpotObjectType, _ to: HubSpotObjectType, _ target: (id: Int, typeIds: [Int])) -> JSONValue {
        ["toObjectId": .number(Double(target.id)),
         "associationTypes": .array(target.typeIds.compactMap { HubSpotAssociationType.type(from: from, to: to, id: $0)?.json })]
    }

    private func labels(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef) -> JSONValue {
        let labels = associations.typeIds(from, to).compactMap { HubSpotAssociationType.type(from: from.type, to: to.type, id: $0)?.label }
        return ["fromObjectTypeId": .string(from.type.typeId), "fromObjectId": .number(Double(from.id)),
                "toObjectTypeId": .string(to.type.typeId), "toObjectId": .number(Double(to.id)),
                "labels": .array(labels.map(JSONValue.string))]
    }

    private func defaultResult(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef) -> JSONValue {
        let t = HubSpotAssociationType.types(from: from.type, to: to.type)[0]
        return ["from": ["id": .string(String(from.id))], "to": ["id": .string(String(to.id))],
                "associationSpec": ["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": .number(Double(t.id))]]
    }
}
