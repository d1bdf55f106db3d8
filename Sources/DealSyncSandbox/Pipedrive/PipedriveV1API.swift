import Foundation

/// API v1 (`/v1/...` and `/api/v1/...`): the deprecated deals/persons/organizations CRUD that
/// third-party clients still call, fields, stages, pipelines, users; recents and webhooks live
/// in their own files.
extension PipedriveState {
    mutating func v1(_ request: SandboxRequest, _ path: ArraySlice<String>, now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        guard let first = path.first else { throw .unknownMethod }
        let rest = path.dropFirst()
        if let entity = PipedriveEntity(plural: first) { return try v1Objects(entity, request, rest, now: now) }
        if first == "activities" { return try v1Activities(request, rest, now: now) }
        switch (request.method, first) {
        case ("GET", "recents"): return PipedriveOutcome(response: try recents(request))
        case (_, "webhooks"): return PipedriveOutcome(response: try v1Webhooks(request, rest, now: now))
        case ("GET", "users"):
            let me = company.integrationUser
            if rest.first == "me" { return PipedriveOutcome(response: PipedriveReply.success(company.v1User(me, isYou: true))) }
            if let idText = rest.first {
                guard let user = Int(idText).flatMap(company.user) else { throw PipedriveAPIError(status: 404, message: "User not found") }
                return PipedriveOutcome(response: PipedriveReply.success(company.v1User(user, isYou: user.id == me.id)))
            }
            return PipedriveOutcome(response: PipedriveReply.success(.array(company.users.map { company.v1User($0, isYou: $0.id == me.id) })))
        case ("GET", "stages"):
            var stages = company.stages
            if let text = request.queryValue("pipeline_id") { stages = stages.filter { String($0.pipelineID) == text } }
            if let id = rest.first {
                guard let stage = stages.first(where: { String($0.id) == id }) else { throw PipedriveAPIError(status: 404, message: "Stage not found") }
                return PipedriveOutcome(response: PipedriveReply.success(company.v1Stage(stage)))
            }
            return PipedriveOutcome(response: PipedriveReply.success(.array(stages.map(company.v1Stage)), additional: pagination(0, 100, false)))
        case ("GET", "pipelines"):
            if let id = rest.first {
                guard let p = company.pipelines.first(where: { String($0.id) == id }) else { throw PipedriveAPIError(status: 404, message: "Pipeline not found") }
                return PipedriveOutcome(response: PipedriveReply.success(company.v1Pipeline(p)))
            }
            return PipedriveOutcome(response: PipedriveReply.success(.array(company.pipelines.map(company.v1Pipeline))))
        case ("GET", _):
            guard let entity = PipedriveEntity.allCases.first(where: { $0.fieldsPath == first }) else { throw .unknownMethod }
            return PipedriveOutcome(response: v1Fields(entity, request))
        default:
            throw .unknownMethod
        }
    }

    private mutating func v1Objects(_ entity: PipedriveEntity, _ request: SandboxRequest, _ rest: ArraySlice<String>,
                                    now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        let actor = company.integrationUser.id
        guard let idText = rest.first else {
            switch request.method {
            case "GET": return PipedriveOutcome(response: try v1List(entity, request))
            case "POST":
                let body = try jsonOrForm(request)
                let nameKey = entity == .deal ? "title" : "name"
                guard let name = body[nameKey]?.stringValue, !name.isEmpty else { throw .badRequest(Self.v1MissingName(entity)) }
                let input = try v2Input(entity, v1ToV2(entity, body), creating: true)
                let (record, change) = try create(entity, input, by: actor, source: .api, at: now)
                return PipedriveOutcome(response: PipedriveReply.success(v1(entity, record), status: 201,
                                                                         extra: ["related_objects": v1Related(entity, [record])]),
                                        changes: [change])
            default: throw .unknownMethod
            }
        }
        if idText == "search", rest.count == 1 { return PipedriveOutcome(response: try v1Search(entity, request)) }
        guard rest.count == 1, let id = Int(idText) else { throw .unknownMethod }
        switch request.method {
        case "GET":
            guard let record = record(entity, id), !record.isDeleted || entity == .deal else { throw .notFound(entity) }
            return PipedriveOutcome(response: PipedriveReply.success(v1(entity, record), extra: ["related_objects": v1Related(entity, [record])]))
        case "PUT":
            let input = try v2Input(entity, v1ToV2(entity, try jsonOrForm(request)), creating: false)
            let (record, change) = try update(entity, id: id, input, by: actor, source: .api, at: now)
            return PipedriveOutcome(response: PipedriveReply.success(v1(entity, record), extra: ["related_objects": v1Related(entity, [record])]),
                                    changes: change.map { [$0] } ?? [])
        case "DELETE":
            let change = try delete(entity, id: id, by: actor, source: .api, at: now)
            return PipedriveOutcome(response: PipedriveReply.success(["id": .number(Double(id))]), changes: [change])
        default:
            throw .unknownMethod
        }
    }

    /// `start`/`limit` offset paging (limit capped at 500), `sort=field ASC|DESC`, deal `status`
    /// (default `all_not_deleted`), `user_id`, `stage_id`; an empty page has `data: null`.
    private func v1List(_ entity: PipedriveEntity, _ request: SandboxRequest) throws(PipedriveAPIError) -> SandboxResponse {
        let start = max(0, request.queryValue("start").flatMap(Int.init) ?? 0)
        let limit = min(500, max(1, request.queryValue("limit").flatMap(Int.init) ?? 100))
        var sort = PipedriveSortKey.id, ascending = true
        if let text = request.queryValue("sort")?.split(separator: ",").first {
            let parts = text.split(separator: " ").map { String($0).lowercased() }
            guard let field = parts.first.flatMap(PipedriveSortKey.init(rawValue:)) else {
                throw .badRequest("Invalid sort field. Supported: id, update_time, add_time")
            }
            sort = field
            ascending = parts.count < 2 || parts[1] == "asc"
        }
        let status = entity == .deal ? (request.queryValue("status") ?? "all_not_deleted") : "all_not_deleted"
        guard ["open", "won", "lost", "deleted", "all_not_deleted"].contains(status) else {
            throw .badRequest("Invalid status. Supported: open, won, lost, deleted, all_not_deleted")
        }
        let owner = request.queryValue("user_id").flatMap(Int.init)
        let stage = entity == .deal ? request.queryValue("stage_id").flatMap(Int.init) : nil
        let firstChar = request.queryValue("first_char")?.lowercased()
        var skipped = 0, items: [PipedriveRecord] = [], more = false
        table(entity).walk(sortedBy: sort, ascending: ascending) { r in
            switch status {
            case "deleted": if !r.isDeleted { return .skip }
            case "all_not_deleted": if r.isDeleted { return .skip }
            default: if r.isDeleted || r.string("status") != status { return .skip }
            }
            if let owner, r.int("owner_id") != owner { return .skip }
            if let stage, r.int("stage_id") != stage { return .skip }
            if let firstChar, !(r.string("name") ?? "").lowercased().hasPrefix(firstChar) { return .skip }
            if skipped < start { skipped += 1; return .skip }
            if items.count == limit { more = true; return .stop }
            items.append(r)
            return .take
        }
        let data: JSONValue = items.isEmpty ? .null : .array(items.map { v1(entity, $0) })
        return PipedriveReply.success(data, additional: pagination(start, limit, more),
                                      extra: ["related_objects": v1Related(entity, items)])
    }

    func pagination(_ start: Int, _ limit: Int, _ more: Bool) -> JSONValue {
        var page: [String: JSONValue] = ["start": .number(Double(start)), "limit": .number(Double(limit)),
                                         "more_items_in_collection": .bool(more)]
        if more { page["next_start"] = .number(Double(start + limit)) }
        return ["pagination": .object(page)]
    }

    private func v1Fields(_ entity: PipedriveEntity, _ request: SandboxRequest) -> SandboxResponse {
        let start = max(0, request.queryValue("start").flatMap(Int.init) ?? 0)
        let limit = min(500, max(1, request.queryValue("limit").flatMap(Int.init) ?? 100))
        let all = catalog.fields(of: entity)
        let page = all.dropFirst(start).prefix(limit)
        let data = page.enumerated().map { offset, f -> JSONValue in
            ["id": .number(Double(f.id)), "key": .string(f.v1Key), "name": .string(f.name), "order_nr": .number(Double(start + offset)),
             "field_type": .string(f.type), "add_time": .string(PipedriveTime.v1(PipedriveCompany.setupTime)),
             "update_time": .string(PipedriveTime.v1(PipedriveCompany.setupTime)), "last_updated_by_user_id": 1,
             "created_by_user_id": 1, "active_flag": true, "edit_flag": .bool(f.isCustom), "index_visible_flag": true,
             "details_visible_flag": true, "add_visible_flag": true, "important_flag": false, "bulk_edit_allowed": true,
             "searchable_flag": .bool(f.isCustom), "filtering_allowed": true, "sortable_flag": true, "options": .null,
             "mandatory_flag": .bool(f.mandatory)]
        }
        return PipedriveReply.success(.array(data), additional: pagination(start, limit, start + limit < all.count))
    }

    private static func v1MissingName(_ entity: PipedriveEntity) -> String {
        switch entity {
        case .deal: "Deal title must be given."
        case .person: "Person name must be given."
        case .organization: "Organization name must be given."
        }
    }

    /// v1 bodies are JSON or form-encoded.
    private func jsonOrForm(_ request: SandboxRequest) throws(PipedriveAPIError) -> [String: JSONValue] {
        if let object = request.json?.objectValue { return object }
        let text = String(decoding: request.body, as: UTF8.self)
        var result: [String: JSONValue] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { result[parts[0]] = .string(parts[1]) }
        }
        guard !result.isEmpty || request.body.isEmpty else { throw .badRequest("Request body must be JSON or form-encoded") }
        return result
    }

    /// v1 is looser than v2: numbers may come as strings, the deal owner is `user_id`, emails and
    /// phones may be plain strings, the address is a string, custom fields sit at the top level.
    private func v1ToV2(_ entity: PipedriveEntity, _ body: [String: JSONValue]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        var custom: [String: JSONValue] = [:]
        let numeric: Set<String> = ["owner_id", "person_id", "org_id", "pipeline_id", "stage_id", "value", "probability", "visible_to"]
        for (key, raw) in body {
            var key = key
            var value = raw
            if entity == .deal && key == "user_id" { key = "owner_id" }
            if let field = catalog.customField(entity, key: key) {
                if field.type == "double" || field.type == "monetary", case .string(let s) = value, let n = Double(s) { value = .number(n) }
                custom[key] = value
                continue
            }
            if numeric.contains(key), case .string(let s) = value { value = s.isEmpty ? .null : Double(s).map(JSONValue.number) ?? value }
            switch (entity, key) {
            case (.person, "email"), (.person, "phone"):
                key = key + "s"
                let items: [JSONValue] = switch value {
                case .array(let a): a
                case .string(let s): [.string(s)]
                default: []
                }
                value = .array(items.enumerated().map { index, item in
                    if case .string(let s) = item { return ["value": .string(s), "primary": .bool(index == 0), "label": "work"] }
                    return item
                })
            case (.organization, "address"):
                if case .string(let s) = value { value = ["value": .string(s)] }
            case (.deal, "won_time"), (.deal, "lost_time"), (.deal, "close_time"):
                if case .string(let s) = value, let epoch = PipedriveTime.parseV1(s) { value = .string(PipedriveTime.rfc3339(epoch)) }
            default:
                break
            }
            out[key] = value
        }
        if !custom.isEmpty { out["custom_fields"] = .object(custom) }
        return out
    }
}
