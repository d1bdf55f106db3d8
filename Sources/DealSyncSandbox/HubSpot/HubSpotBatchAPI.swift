/// `/crm/v3/objects/{type}/batch/{read|create|update|upsert|archive}`: at most 100 inputs, a
/// 207 multi-status answer with `errors[]` when some inputs fail.
extension HubSpotState {
    static let maxBatchInputs = 100

    /// The `inputs` array of a batch body, or the 400 HubSpot gives for a missing or oversized one.
    func batchInputs(_ call: HubSpotCall) -> Result<[JSONValue], HubSpotError> {
        guard let inputs = call.request.json?["inputs"]?.arrayValue else {
            return .failure(.validation("Invalid input JSON on line 1: expected an object with \"inputs\"."))
        }
        guard inputs.count <= Self.maxBatchInputs else {
            return .failure(.validation("Batch input size must be less than or equal to \(Self.maxBatchInputs); got \(inputs.count).",
                                        errors: [["message": .string("size must be between 0 and \(Self.maxBatchInputs)"),
                                                  "code": "INVALID_INPUT_SIZE", "context": ["inputs": [.string(String(inputs.count))]]]]))
        }
        return .success(inputs)
    }

    func batchResponse(_ results: [JSONValue], errors: [HubSpotError], at now: Int64, status okStatus: Int = 200) -> SandboxResponse {
        let stamp = JSONValue.string(HubSpotTime.iso(millis: now))
        var body: [String: JSONValue] = ["status": "COMPLETE", "results": .array(results), "startedAt": stamp, "completedAt": stamp]
        if !errors.isEmpty {
            body["numErrors"] = .number(Double(errors.count))
            body["errors"] = .array(errors.map(\.batchEntry))
        }
        return .json(errors.isEmpty ? okStatus : 207, .object(body))
    }

    func batchRead(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        let body = call.request.json
        let idProperty = body?["idProperty"]?.stringValue
        if let idProperty, idProperty != "hs_object_id", !store(type).isUnique(idProperty) {
            return HubSpotError.validation("\(idProperty) is not a unique identifier property for \(type.rawValue).").response
        }
        let select = body?["properties"]?.arrayValue?.compactMap(\.stringValue)
        let history = body?["propertiesWithHistory"]?.arrayValue?.compactMap(\.stringValue)
        let archived = body?["archived"]?.boolValue ?? false
        var results: [JSONValue] = [], missing: [String] = [], seen = Set<Int>()
        for input in inputs {
            let key = input["id"]?.stringValue ?? ""
            let record = archived ? Int(key).flatMap { store(type)[$0] }.flatMap { $0.archived ? $0 : nil }
                                  : resolve(type, key, idProperty: idProperty).flatMap { store(type).live($0) }
            guard let record else { missing.append(key); continue }
            if seen.insert(record.id).inserted { results.append(record.json(type, select: select?.isEmpty == false ? select : nil, schema: schema, withHistory: history)) }
        }
        let errors = missing.isEmpty ? [] : [HubSpotError.notFound(
            "Could not get some \(type.singular.uppercased()) objects, they may be deleted or not exist. Check that ids are valid.",
            context: ["ids": .array(missing.map(JSONValue.string))])]
        return batchResponse(results, errors: errors, at: call.now)
    }

    /// Creates all inputs or none: any invalid input fails the whole call, unless inputs carry
    /// `objectWriteTraceId`, which makes HubSpot answer per input (207).
    mutating func batchCreate(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        let perInput = inputs.contains { $0["objectWriteTraceId"] != nil }
        var failures: [Int: HubSpotError] = [:]
        var pendingUnique: [String: Set<String>] = [:]
        for (i, input) in inputs.enumerated() {
            let props = input["properties"]?.objectValue ?? [:]
            var failure: HubSpotError?
            switch validateCreate(type, props) {
            case .failure(let e): failure = e
            case .success(let values):
                failure = checkAssociationInputs(type, input["associations"])
                for name in schema.uniqueProperties(type) {
                    guard let v = values[name]?.lowercased(), !v.isEmpty else { continue }
                    if !pendingUnique[name, default: []].insert(v).inserted {
                        failure = HubSpotError(status: 400, category: "VALIDATION_ERROR",
                                               message: "Duplicate values for unique property \(name) in batch input: \(v)")
                    }
                }
            }
            if var f = failure {
                if let trace = input["objectWriteTraceId"]?.stringValue { f.context["objectWriteTraceId"] = [.string(trace)] }
                if !perInput { return f.response }
                failures[i] = f
            }
        }
        var results: [JSONValue] = []
        for (i, input) in inputs.enumerated() where failures[i] == nil {
            let props = input["properties"]?.objectValue ?? [:]
            guard case .success(let record) = create(type, props, by: call.actor, at: call.now) else { continue }
            _ = applyAssociationInputs(type, record.id, input["associations"])
            var json = record.json(type, select: Array(props.keys) + type.defaultProperties, schema: schema)
            if let trace = input["objectWriteTraceId"], case .object(var o) = json { o["objectWriteTraceId"] = trace; json = .object(o) }
            results.append(json)
        }
        return batchResponse(results, errors: failures.sorted { $0.key < $1.key }.map(\.value), at: call.now, status: 201)
    }

    /// Validation errors fail the whole call (400); ids that do not exist are reported per input (207).
    mutating func batchUpdate(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        let keys = inputs.map { $0["id"]?.stringValue ?? "" }
        if Set(keys).count != keys.count { return HubSpotError.validation("Duplicate IDs found in batch input: \(keys).").response }
        for input in inputs {
            if case .failure(let e) = validation.normalize(type, input["properties"]?.objectValue ?? [:]) { return e.response }
        }
        var results: [JSONValue] = [], errors: [HubSpotError] = []
        for input in inputs {
            let key = input["id"]?.stringValue ?? ""
            guard let id = resolve(type, key, idProperty: input["idProperty"]?.stringValue) else {
                errors.append(.notFound("Object with id \(key) not found.", context: ["ids": [.string(key)]]))
                continue
            }
            let props = input["properties"]?.objectValue ?? [:]
            switch update(type, id: id, props, by: call.actor, at: call.now) {
            case .failure(let e): errors.append(e)
            case .success(let r): results.append(r.json(type, select: Array(props.keys) + type.defaultProperties, schema: schema))
            }
        }
        return batchResponse(results, errors: errors, at: call.now)
    }

    /// Creates or updates by the value of a unique property (`idProperty`); each result says `new`.
    mutating func batchUpsert(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        let inputs: [JSONValue]
        switch batchInputs(call) { case .failure(let e): return e.response; case .success(let i): inputs = i }
        for input in inputs {
            guard let idProperty = input["idProperty"]?.stringValue, store(type).isUnique(idProperty), input["id"]?.stringValue != nil else {
                return HubSpotError.validation("Each upsert input needs an id and an idProperty naming a unique property of \(type.rawValue).").response
            }
            if case .failure(let e) = validation.normalize(type, input["properties"]?.objectValue ?? [:]) { return e.response }
        }
        var results: [JSONValue] = [], errors: [HubSpotError] = []
        for input in inputs {
            let idProperty = input["idProperty"]!.stringValue!, key = input["id"]!.stringValue!
            var props = input["properties"]?.objectValue ?? [:]
            let existing = store(type).lookup(unique: idProperty, value: key)
            let outcome: Result<HubSpotRecord, HubSpotError>
            if let existing {
                outcome = update(type, id: existing, props, by: call.actor, at: call.now)
            } else {
                props[idProperty] = .string(key)
                outcome = create(type, props, by: call.actor, at: call.now)
            }
            switch outcome {
            case .failure(let e): errors.append(e)
            case .success(let r):
                guard case .object(var o) = r.json(type, select: Array(props.keys) + type.defaultProperties, schema: schema) else { continue }
                o["new"] = .bool(existing == nil)
                results.append(.object(o))
            }
        }
        return batchResponse(results, errors: errors, at: call.now)
    }

    /// Always 204; ids that do not exist are ignored.
    mutating func batchArchive(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        switch batchInputs(call) {
        case .failure(let e): return e.response
        case .success(let inputs):
            for input in inputs {
                if let key = input["id"]?.stringValue, let id = resolve(type, key, idProperty: nil) {
                    archive(type, id: id, by: call.actor, at: call.now)
                }
            }
            return SandboxResponse(status: 204)
        }
    }
}
