import Foundation

/// sObject Collections (`composite/sobjects`): create (POST), update (PATCH), delete (DELETE
/// `?ids=`), upsert by external id (PATCH `…/{type}/{field}`) and retrieve (GET/POST
/// `…/{type}`). At most 200 records a call; a well-formed call answers 200 with one result
/// per record in input order. With `allOrNone`, every record is checked first and nothing is
/// committed unless all pass; the others then report ALL_OR_NONE_OPERATION_ROLLED_BACK.
extension SalesforceEmulator {
    private enum Planned {
        case put(SFRecord, created: Bool?)
        case delete(SFRecord)
        case failed(SFError)
    }

    func collections(_ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        let rest = ctx.rest
        let method = ctx.request.method
        switch rest.count {
        case 2:
            switch method {
            case "POST", "PATCH":
                return write(ctx, &state, upsertField: nil, type: nil)
            case "DELETE":
                let ids = (ctx.request.queryValue("ids") ?? "").split(separator: ",").map(String.init)
                guard ids.count <= 200 else { return .error(Self.tooMany) }
                let plans = ids.map { raw -> Planned in
                    guard let id = SalesforceID.canonical(raw), SalesforceSchema.object(forId: id) != nil else {
                        return .failed(SFError(400, "MALFORMED_ID", "malformed id \(raw)"))
                    }
                    guard let r = state.store.record(id: id) else {
                        return .failed(SFError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"))
                    }
                    return r.isDeleted ? .failed(SFError(400, "ENTITY_IS_DELETED", "entity is deleted")) : .delete(r)
                }
                return commit(plans, allOrNone: ctx.request.queryValue("allOrNone") == "true", ctx, &state)
            default:
                return .error(.methodNotAllowed(method, allowed: "POST,PATCH,DELETE"))
            }
        case 3:
            guard let object = SalesforceSchema.object(named: rest[2]) else { return .error(.unknownObject(rest[2])) }
            guard method == "GET" || method == "POST" else { return .error(.methodNotAllowed(method, allowed: "GET,POST")) }
            return retrieve(object, ctx, state)
        case 4:
            guard let object = SalesforceSchema.object(named: rest[2]) else { return .error(.unknownObject(rest[2])) }
            guard method == "PATCH" else { return .error(.methodNotAllowed(method, allowed: "PATCH")) }
            guard let field = object.field(rest[3]), field.externalId else {
                return .error(SFError(400, "INVALID_FIELD", "Field name provided, \(rest[3]) is not an External ID or indexed field for \(object.name)"))
            }
            return write(ctx, &state, upsertField: field, type: object)
        default:
            return .error(.notFound)
        }
    }

    private static let tooMany = SFError(400, "EXCEEDED_ID_LIMIT",
                                         "record limit reached. cannot submit more than 200 records into this call")

    private func write(_ ctx: SFRequestContext, _ state: inout SalesforceState, upsertField: SFField?,
                       type: SObjectSchema?) -> SFReply {
        guard case .success(let body) = bodyObject(ctx.request), let records = body["records"]?.arrayValue else {
            return .error(.badJSON("Cannot deserialize instance of collection request: 'records' must be an array"))
        }
        guard records.count <= 200 else { return .error(Self.tooMany) }
        let creating = ctx.request.method == "POST"
        var plans: [Planned] = []
        for item in records {
            guard let fields = item.objectValue else {
                plans.append(.failed(.badJSON("Each record must be a JSON object")))
                continue
            }
            plans.append(plan(fields, creating: creating, upsertField: upsertField, type: type, ctx, &state))
        }
        return commit(plans, allOrNone: body["allOrNone"]?.boolValue ?? false, ctx, &state)
    }

    private func plan(_ fields: [String: JSONValue], creating: Bool, upsertField: SFField?, type: SObjectSchema?,
                      _ ctx: SFRequestContext, _ state: inout SalesforceState) -> Planned {
        let typeName = fields["attributes"]?["type"]?.stringValue
        let idValue = (fields["id"] ?? fields["Id"] ?? fields["ID"])?.stringValue
        do throws(SFError) {
            if let upsertField, let type {
                guard typeName == nil || SalesforceSchema.object(named: typeName!)?.name == type.name else {
                    throw SFError(400, "INVALID_TYPE", "Must send a concrete entity type.")
                }
                guard let key = fields.first(where: { $0.key.lowercased() == upsertField.name.lowercased() })?.value.stringValue,
                      !key.isEmpty else {
                    throw SFError(400, "MISSING_ARGUMENT", "\(upsertField.name) not specified", fields: [upsertField.name])
                }
                if let existing = state.store.record(type: type.name, externalField: upsertField.name, value: key) {
                    return .put(try state.store.prepareUpdate(existing, type, body: fields, context: ctx.write), created: false)
                }
                return .put(try state.store.prepareCreate(type, body: fields, context: ctx.write), created: true)
            }
            if creating {
                guard let typeName, let object = SalesforceSchema.object(named: typeName) else {
                    throw SFError(400, "INVALID_TYPE", "Must send a concrete entity type.")
                }
                guard idValue == nil else {
                    throw SFError(400, "INVALID_FIELD", "cannot specify Id in an insert call", fields: ["Id"])
                }
                return .put(try state.store.prepareCreate(object, body: fields, context: ctx.write), created: nil)
            }
            guard let idValue else {
                throw SFError(400, "MISSING_ARGUMENT", "Id not specified in an update call", fields: ["Id"])
            }
            let declared = typeName.flatMap(SalesforceSchema.object(named:))
            guard let id = SalesforceID.canonical(idValue), let object = SalesforceSchema.object(forId: id),
                  declared == nil || declared!.name == object.name else {
                throw SFError(400, "MALFORMED_ID", "\(typeName ?? "Record") ID: id value of incorrect type: \(idValue)", fields: ["Id"])
            }
            guard let existing = state.store.record(id: id) else {
                throw SFError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", fields: ["Id"])
            }
            guard !existing.isDeleted else { throw SFError(400, "ENTITY_IS_DELETED", "entity is deleted", fields: ["Id"]) }
            return .put(try state.store.prepareUpdate(existing, object, body: fields, context: ctx.write), created: nil)
        } catch {
            return .failed(error)
        }
    }

    private func commit(_ plans: [Planned], allOrNone: Bool, _ ctx: SFRequestContext,
                        _ state: inout SalesforceState) -> SFReply {
        let anyFailed = plans.contains { if case .failed = $0 { true } else { false } }
        if allOrNone, anyFailed {
            let rolledBack = SFError(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                                     "Record rolled back because not all records were valid and the request was using AllOrNone header")
            return .json(200, .array(plans.map { p in
                if case .failed(let e) = p { return ["success": false, "errors": [e.collectionError]] }
                return ["success": false, "errors": [rolledBack.collectionError]]
            }))
        }
        var results: [JSONValue] = []
        for p in plans {
            switch p {
            case .failed(let e):
                results.append(["success": false, "errors": [e.collectionError]])
            case .put(let record, let created):
                state.store.put(record)
                var o: [String: JSONValue] = ["id": .string(record.id), "success": true, "errors": []]
                if let created { o["created"] = .bool(created) }
                results.append(.object(o))
            case .delete(let record):
                state.store.delete(record, context: ctx.write)
                results.append(["id": .string(record.id), "success": true, "errors": []])
            }
        }
        return .json(200, .array(results))
    }

    /// `GET composite/sobjects/{type}?ids=&fields=` or `POST` with `{"ids","fields"}`: rows in
    /// the order asked, null where an id matches nothing.
    private func retrieve(_ object: SObjectSchema, _ ctx: SFRequestContext, _ state: SalesforceState) -> SFReply {
        var ids: [String]
        var names: [String]
        if ctx.request.method == "POST" {
            guard case .success(let body) = bodyObject(ctx.request) else { return .error(.badJSON("Malformed JSON body")) }
            ids = body["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            names = body["fields"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard ids.count <= 2000 else { return .error(Self.tooMany.with(message: "cannot retrieve more than 2000 records")) }
        } else {
            ids = (ctx.request.queryValue("ids") ?? "").split(separator: ",").map(String.init)
            names = (ctx.request.queryValue("fields") ?? "").split(separator: ",").map(String.init)
        }
        guard !ids.isEmpty, !names.isEmpty else {
            return .error(SFError(400, "MISSING_ARGUMENT", "ids and fields must both be specified"))
        }
        var fields: [SFField] = []
        for n in names {
            guard let f = object.field(n.trimmingCharacters(in: .whitespaces)) else {
                return .error(SFError(400, "INVALID_FIELD", "No such column '\(n)' on entity '\(object.name)'"))
            }
            fields.append(f)
        }
        return .json(200, .array(ids.map { raw in
            guard let r = state.store.record(id: raw), r.type == object.name, !r.isDeleted else { return .null }
            return SalesforceRender.full(r, object: object, version: ctx.version, fields: fields)
        }))
    }
}

private extension SFError {
    func with(message: String) -> SFError {
        var e = self
        e.message = message
        return e
    }
}
