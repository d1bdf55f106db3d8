import Foundation

/// Dispatch of `/services/data/vNN.0/…` to the handlers, with the real API's 404 for unknown
/// resources and 405 (listing the allowed methods) for known ones called wrongly.
extension SalesforceEmulator {
    func route(_ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        let rest = ctx.rest
        let method = ctx.request.method
        guard let first = rest.first else {
            guard method == "GET" else { return .error(.methodNotAllowed(method, allowed: "GET,HEAD")) }
            return .json(200, .object(Dictionary(uniqueKeysWithValues:
                ["sobjects", "query", "queryAll", "limits", "composite", "search", "recent", "tooling"].map {
                    ($0, JSONValue.string("/services/data/\(ctx.version)/\($0)"))
                })))
        }
        switch first {
        case "query": return query(ctx, &state, includeDeleted: false)
        case "queryAll": return query(ctx, &state, includeDeleted: true)
        case "limits":
            guard rest.count == 1 else { return .error(.notFound) }
            guard method == "GET" else { return .error(.methodNotAllowed(method, allowed: "GET,HEAD")) }
            return .json(200, limits(state))
        case "sobjects": return sobjects(ctx, &state)
        case "composite":
            guard rest.count >= 2, rest[1] == "sobjects" else { return .error(.notFound) }
            return collections(ctx, &state)
        default: return .error(.notFound)
        }
    }

    private func sobjects(_ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        let rest = ctx.rest
        let method = ctx.request.method
        if rest.count == 1 {
            guard method == "GET" else { return .error(.methodNotAllowed(method, allowed: "GET,HEAD")) }
            return .json(200, describeGlobal(version: ctx.version))
        }
        guard let object = SalesforceSchema.object(named: rest[1]) else { return .error(.unknownObject(rest[1])) }
        switch rest.count {
        case 2:
            switch method {
            case "GET": return .json(200, basicInfo(object, ctx, state))
            case "POST": return create(object, ctx, &state)
            default: return .error(.methodNotAllowed(method, allowed: "GET,HEAD,POST"))
            }
        case 3:
            switch rest[2] {
            case "describe":
                guard method == "GET" else { return .error(.methodNotAllowed(method, allowed: "GET,HEAD")) }
                return .json(200, describe(object, version: ctx.version))
            case "updated", "deleted":
                guard method == "GET" else { return .error(.methodNotAllowed(method, allowed: "GET,HEAD")) }
                return replication(object, deleted: rest[2] == "deleted", ctx, state)
            default:
                return row(object, id: rest[2], ctx, &state)
            }
        case 4:
            return byExternalId(object, field: rest[2], value: rest[3], ctx, &state)
        default:
            return .error(.notFound)
        }
    }

    /// The request body as a JSON object, or the API's parse error.
    func bodyObject(_ request: SandboxRequest) -> Result<[String: JSONValue], SFError> {
        guard !request.body.isEmpty else { return .success([:]) }
        guard let json = request.json else {
            return .failure(.badJSON("Unexpected character: was expecting JSON value at [line:1, column:1]"))
        }
        guard let o = json.objectValue else {
            return .failure(.badJSON("Cannot deserialize instance of sobject from START_ARRAY value [line:1, column:1]"))
        }
        return .success(o)
    }
}
