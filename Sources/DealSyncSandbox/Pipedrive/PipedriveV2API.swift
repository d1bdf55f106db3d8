import Foundation

/// What a handler hands back: the response, and the changes webhooks must announce once the
/// state lock is released.
struct PipedriveOutcome: Sendable {
    var response: SandboxResponse
    var changes: [PipedriveChange] = []
}

/// API v2 (`/api/v2/...`): deals, persons and organizations (list, get, create, PATCH, delete),
/// their fields, stages and pipelines.
extension PipedriveState {
    mutating func v2(_ request: SandboxRequest, _ path: ArraySlice<String>, now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        guard let first = path.first else { throw .unknownMethod }
        let rest = path.dropFirst()
        if first == "activities" { return try v2Activities(request, rest, now: now) }
        if let entity = PipedriveEntity(plural: first) {
            if rest.first == "search" { return PipedriveOutcome(response: try search(entity, request)) }
            return try v2Objects(entity, request, rest, now: now)
        }
        if let entity = PipedriveEntity.allCases.first(where: { $0.fieldsPath == first }) {
            guard request.method == "GET" else { throw .unknownMethod }
            return PipedriveOutcome(response: try v2Fields(entity, request, code: rest.first))
        }
        guard request.method == "GET" else { throw .unknownMethod }
        switch first {
        case "stages":
            var stages = company.stages
            if let text = request.queryValue("pipeline_id") { stages = stages.filter { String($0.pipelineID) == text } }
            if let id = rest.first {
                guard let stage = stages.first(where: { String($0.id) == id }) else { throw PipedriveAPIError(status: 404, message: "Stage not found") }
                return PipedriveOutcome(response: PipedriveReply.success(company.v2Stage(stage)))
            }
            return PipedriveOutcome(response: PipedriveReply.success(.array(stages.map(company.v2Stage)),
                                                                     additional: ["next_cursor": .null]))
        case "pipelines":
            if let id = rest.first {
                guard let pipeline = company.pipelines.first(where: { String($0.id) == id }) else {
                    throw PipedriveAPIError(status: 404, message: "Pipeline not found")
                }
                return PipedriveOutcome(response: PipedriveReply.success(company.v2Pipeline(pipeline)))
            }
            return PipedriveOutcome(response: PipedriveReply.success(.array(company.pipelines.map(company.v2Pipeline)),
                                                                     additional: ["next_cursor": .null]))
        default:
            throw .unknownMethod
        }
    }

    private mutating func v2Objects(_ entity: PipedriveEntity, _ request: SandboxRequest, _ rest: ArraySlice<String>,
                                    now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        let actor = company.integrationUser.id
        guard let idText = rest.first else {
            switch request.method {
            case "GET":
                let query = try PipedriveListQuery(request, entity: entity)
                let shape = try v2Shape(entity, request)
                let (items, next) = query.page(table(entity), entity: entity)
                let data = JSONValue.array(items.map { v2(entity, $0, customKeys: shape.custom, include: shape.include) })
                return PipedriveOutcome(response: PipedriveReply.success(data, additional: ["next_cursor": next.map { .string($0.encoded()) } ?? .null]))
            case "POST":
                let input = try v2Input(entity, try jsonObject(request), creating: true)
                let (record, change) = try create(entity, input, by: actor, source: .api, at: now)
                return PipedriveOutcome(response: PipedriveReply.success(v2(entity, record)), changes: [change])
            default:
                throw .unknownMethod
            }
        }
        guard rest.count == 1, let id = Int(idText) else { throw .unknownMethod }
        switch request.method {
        case "GET":
            guard let record = record(entity, id), !record.isDeleted || entity == .deal else { throw .notFound(entity) }
            let shape = try v2Shape(entity, request)
            return PipedriveOutcome(response: PipedriveReply.success(v2(entity, record, customKeys: shape.custom, include: shape.include)))
        case "PATCH":
            let input = try v2Input(entity, try jsonObject(request), creating: false)
            let (record, change) = try update(entity, id: id, input, by: actor, source: .api, at: now)
            return PipedriveOutcome(response: PipedriveReply.success(v2(entity, record)), changes: change.map { [$0] } ?? [])
        case "DELETE":
            let change = try delete(entity, id: id, by: actor, source: .api, at: now)
            return PipedriveOutcome(response: PipedriveReply.success(["id": .number(Double(id))]), changes: [change])
        default:
            throw .unknownMethod
        }
    }

    /// `custom_fields` (≤ 15 keys) and `include_fields` query parameters.
    private func v2Shape(_ entity: PipedriveEntity, _ request: SandboxRequest) throws(PipedriveAPIError) -> (custom: Set<String>?, include: Set<String>) {
        var custom: Set<String>?
        if let text = request.queryValue("custom_fields") {
            let keys = Set(text.split(separator: ",").map(String.init))
            guard keys.count <= 15 else { throw .badRequest("Validation failed: custom_fields: A maximum of 15 keys is allowed") }
            custom = keys
        }
        var include: Set<String> = []
        if let text = request.queryValue("include_fields") {
            include = Set(text.split(separator: ",").map(String.init))
            let unknown = include.subtracting(PipedriveSchema.includeFields(entity))
            guard unknown.isEmpty else {
                throw .badRequest("Validation failed: include_fields: Unknown field(s) \(unknown.sorted().joined(separator: ","))")
            }
        }
        return (custom, include)
    }

    private func v2Fields(_ entity: PipedriveEntity, _ request: SandboxRequest, code: String?) throws(PipedriveAPIError) -> SandboxResponse {
        let fields = catalog.fields(of: entity)
        func render(_ f: PipedriveFieldDefinition) -> JSONValue {
            ["field_name": .string(f.name), "field_code": .string(f.code), "description": .null, "field_type": .string(f.type),
             "options": .null, "subfields": .null, "is_custom_field": .bool(f.isCustom), "is_optional_response_field": false,
             "ui_visibility": ["add_visible_flag": true, "details_visible_flag": true],
             "important_fields": ["enabled": false, "stage_ids": []], "required_fields": ["enabled": .bool(f.mandatory)]]
        }
        if let code {
            guard let field = fields.first(where: { $0.code == code }) else { throw PipedriveAPIError(status: 404, message: "Field not found") }
            return PipedriveReply.success(render(field))
        }
        return PipedriveReply.success(.array(fields.map(render)), additional: ["next_cursor": .null])
    }

    func jsonObject(_ request: SandboxRequest) throws(PipedriveAPIError) -> [String: JSONValue] {
        guard let object = request.json?.objectValue else { throw .badRequest("Request body must be a JSON object") }
        return object
    }
}
