import Foundation

/// sObject Basic Information (`POST` create), sObject Rows (`GET`/`PATCH`/`DELETE` by id),
/// sObject Rows by External ID (`GET`, upsert `PATCH`, `DELETE`) and the conditional headers
/// `If-Unmodified-Since` / `If-Modified-Since`.
extension SalesforceEmulator {
    func create(_ object: SObjectSchema, _ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        switch bodyObject(ctx.request) {
        case .failure(let e): return .error(e)
        case .success(let body):
            do throws(SFError) {
                let record = try state.store.prepareCreate(object, body: body, context: ctx.write)
                state.store.put(record)
                return .json(201, ["id": .string(record.id), "success": true, "errors": []])
            } catch {
                return .error(error)
            }
        }
    }

    func row(_ object: SObjectSchema, id raw: String, _ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        let method = ctx.request.method
        if raw == "Id", method == "POST" { return create(object, ctx, &state) }
        guard let id = SalesforceID.canonical(raw), SalesforceID.keyPrefix(of: id) == object.keyPrefix else {
            return .error(SFError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: \(raw)"))
        }
        guard let record = state.store.record(id: id) else { return .error(.notFound) }
        if record.isDeleted { return .error(SFError(404, "ENTITY_IS_DELETED", "entity is deleted")) }
        switch method {
        case "GET": return read(record, object, ctx)
        case "PATCH": return update(record, object, ctx, &state, upsertReply: false)
        case "DELETE":
            state.store.delete(record, context: ctx.write)
            return .empty(204)
        default: return .error(.methodNotAllowed(method, allowed: "GET,HEAD,PATCH,DELETE"))
        }
    }

    func byExternalId(_ object: SObjectSchema, field name: String, value: String, _ ctx: SFRequestContext,
                      _ state: inout SalesforceState) -> SFReply {
        let method = ctx.request.method
        if name.lowercased() == "id" {
            return method == "PATCH" || method == "GET" || method == "DELETE" ? row(object, id: value, ctx, &state)
                : .error(.methodNotAllowed(method, allowed: "GET,HEAD,PATCH,DELETE"))
        }
        guard let field = object.field(name), field.externalId else {
            return .error(SFError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: \(name)"))
        }
        let existing = state.store.record(type: object.name, externalField: field.name, value: value)
        switch method {
        case "GET":
            guard let existing else { return .error(.notFound) }
            return read(existing, object, ctx)
        case "DELETE":
            guard let existing else { return .error(.notFound) }
            state.store.delete(existing, context: ctx.write)
            return .empty(204)
        case "PATCH":
            if let existing { return update(existing, object, ctx, &state, upsertReply: true) }
            if ctx.request.queryValue("updateOnly") == "true" { return .error(.notFound) }
            guard case .success(var body) = bodyObject(ctx.request) else { return create(object, ctx, &state) }
            body[field.name] = .string(value)
            do throws(SFError) {
                let record = try state.store.prepareCreate(object, body: body, context: ctx.write)
                state.store.put(record)
                var reply: [String: JSONValue] = ["id": .string(record.id), "success": true, "errors": []]
                if ctx.versionNumber >= 46 { reply["created"] = true }
                return .json(201, .object(reply))
            } catch {
                return .error(error)
            }
        default:
            return .error(.methodNotAllowed(method, allowed: "GET,HEAD,PATCH,DELETE"))
        }
    }

    private func read(_ record: SFRecord, _ object: SObjectSchema, _ ctx: SFRequestContext) -> SFReply {
        if let since = ctx.request.header("If-Modified-Since").flatMap(SalesforceTime.parseHTTPDate), record.modstamp <= since {
            return .empty(304)
        }
        if let failure = precondition(record, ctx) { return .error(failure) }
        var fields: [SFField]? = nil
        if let list = ctx.request.queryValue("fields") {
            var chosen: [SFField] = []
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let f = object.field(name) else {
                    return .error(SFError(400, "INVALID_FIELD", "No such column '\(name)' on entity '\(object.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."))
                }
                chosen.append(f)
            }
            fields = chosen
        }
        return .json(200, SalesforceRender.full(record, object: object, version: ctx.version, fields: fields))
    }

    /// `PATCH` by id answers 204; an upsert that matched answers 200 with a body from API
    /// v46.0 on (204 before), as the docs describe.
    private func update(_ record: SFRecord, _ object: SObjectSchema, _ ctx: SFRequestContext,
                        _ state: inout SalesforceState, upsertReply: Bool) -> SFReply {
        if let failure = precondition(record, ctx) { return .error(failure) }
        switch bodyObject(ctx.request) {
        case .failure(let e): return .error(e)
        case .success(let body):
            do throws(SFError) {
                let updated = try state.store.prepareUpdate(record, object, body: body, context: ctx.write)
                state.store.put(updated)
            } catch {
                return .error(error)
            }
        }
        if upsertReply, ctx.versionNumber >= 46 {
            return .json(200, ["id": .string(record.id), "success": true, "errors": [], "created": false])
        }
        return .empty(204)
    }

    /// `If-Unmodified-Since`: 412 when the row changed after that instant; 400 when the
    /// header is not an HTTP date.
    private func precondition(_ record: SFRecord, _ ctx: SFRequestContext) -> SFError? {
        guard let header = ctx.request.header("If-Unmodified-Since") else { return nil }
        guard let since = SalesforceTime.parseHTTPDate(header) else {
            return SFError(400, "INVALID_HEADER_TYPE", "If-Unmodified-Since header value is not a valid date: \(header)")
        }
        guard record.modstamp > since else { return nil }
        return SFError(412, "PRECONDITION_FAILED",
                       "The requested resource has been modified since \(header); its LastModifiedDate is \(record["LastModifiedDate"].stringValue ?? "")")
    }
}
