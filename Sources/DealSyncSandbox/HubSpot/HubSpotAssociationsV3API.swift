/// The older v3 associations batch API (`/crm/v3/associations/{from}/{to}/batch/...`), where an
/// association type is named (`deal_to_contact`) instead of numbered. Clients written before v4
/// still call it.
extension HubSpotState {
    mutating func serveV3Associations(_ fromType: HubSpotObjectType, _ toType: HubSpotObjectType, op: String,
                                      _ call: HubSpotCall) -> SandboxResponse? {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        switch op {
        case "read":
            var results: [JSONValue] = [], errors: [HubSpotError] = []
            for input in inputs {
                let key = input["id"]?.stringValue ?? ""
                guard let id = Int(key), store(fromType).live(id) != nil else {
                    errors.append(.notFound("No \(fromType.singular) with id \(key).", context: ["id": [.string(key)]]))
                    continue
                }
                let to = associated(HubSpotObjectRef(type: fromType, id: id), toType).flatMap { target in
                    target.typeIds.compactMap { HubSpotAssociationType.type(from: fromType, to: toType, id: $0) }.map {
                        JSONValue.object(["id": .string(String(target.id)), "type": .string($0.name)])
                    }
                }
                results.append(["from": ["id": .string(key)], "to": .array(to)])
            }
            return batchResponse(results, errors: errors, at: call.now)
        case "create":
            var results: [JSONValue] = [], errors: [HubSpotError] = []
            for input in inputs {
                guard let pair = Self.v3Pair(input), let name = input["type"]?.stringValue,
                      let type = HubSpotAssociationType.types(from: fromType, to: toType).first(where: { $0.name == name }) else {
                    errors.append(.validation("Each input needs from.id, to.id and a type such as \(fromType.singular)_to_\(toType.singular)."))
                    continue
                }
                let from = HubSpotObjectRef(type: fromType, id: pair.0), to = HubSpotObjectRef(type: toType, id: pair.1)
                if let e = associate(from, to, typeIds: [type.id]) { errors.append(e); continue }
                results.append(["from": ["id": .string(String(pair.0))], "to": ["id": .string(String(pair.1))], "type": .string(name)])
            }
            return batchResponse(results, errors: errors, at: call.now, status: 201)
        case "archive":
            return removeAssociations(fromType, toType, pairs: inputs.compactMap(Self.v3Pair))
        default:
            return nil
        }
    }

    private static func v3Pair(_ input: JSONValue) -> (Int, Int)? {
        guard let f = input["from"]?["id"]?.stringValue.flatMap(Int.init),
              let t = input["to"]?["id"]?.stringValue.flatMap(Int.init) else { return nil }
        return (f, t)
    }
}
