import Foundation

/// `GET /api/v2/{deals,persons,organizations}/search` (and v1's `/v1/…/search`): the lookup DealSync does before creating
/// (by the `DealSync ID` custom field, or by email), so a retried create finds its first copy.
/// Matching is case-insensitive: `exact_match=true` compares whole values, otherwise substrings.
extension PipedriveState {
    /// v2: cursor paging.
    func search(_ entity: PipedriveEntity, _ request: SandboxRequest) throws(PipedriveAPIError) -> SandboxResponse {
        var limit = 100
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw .badRequest("Validation failed: limit: Expected integer between 1 and 500") }
            limit = value
        }
        let start = request.queryValue("cursor").flatMap { PipedriveCursor($0)?.after.id } ?? 0
        let (hits, more) = try searchPage(entity, request, start: start, limit: limit)
        let next: JSONValue = more ? .string(PipedriveCursor(sort: .id, ascending: true,
                                                             after: PipedriveIndexKey(value: start + limit, id: start + limit)).encoded()) : .null
        return PipedriveReply.success(["items": .array(hits)], additional: ["next_cursor": next])
    }

    /// v1 (`/v1/persons/search`): `start`/`limit` paging.
    func v1Search(_ entity: PipedriveEntity, _ request: SandboxRequest) throws(PipedriveAPIError) -> SandboxResponse {
        let start = max(0, request.queryValue("start").flatMap(Int.init) ?? 0)
        let limit = min(500, max(1, request.queryValue("limit").flatMap(Int.init) ?? 100))
        let (hits, more) = try searchPage(entity, request, start: start, limit: limit)
        return PipedriveReply.success(["items": .array(hits)], additional: pagination(start, limit, more))
    }

    private func searchPage(_ entity: PipedriveEntity, _ request: SandboxRequest, start: Int,
                            limit: Int) throws(PipedriveAPIError) -> ([JSONValue], Bool) {
        guard request.method == "GET" else { throw .unknownMethod }
        let exact = request.queryValue("exact_match") == "true"
        guard let term = request.queryValue("term")?.trimmingCharacters(in: .whitespaces).lowercased(),
              term.count >= (exact ? 1 : 2) else {
            throw .badRequest("Validation failed: term: Search term must be at least 2 characters long")
        }
        let allowed: [String] = switch entity {
        case .deal: ["custom_fields", "notes", "title"]
        case .person: ["custom_fields", "email", "notes", "phone", "name"]
        case .organization: ["address", "custom_fields", "notes", "name"]
        }
        var fields = Set(allowed)
        if let text = request.queryValue("fields") {
            fields = Set(text.split(separator: ",").map(String.init))
            guard fields.isSubset(of: allowed) else {
                throw .badRequest("Validation failed: fields: Expected values from \(allowed.joined(separator: ", "))")
            }
        }
        let status = request.queryValue("status")
        let personFilter = request.queryValue("person_id").flatMap(Int.init)
        let orgFilter = request.queryValue("organization_id").flatMap(Int.init)

        func matches(_ value: String) -> Bool {
            let candidate = value.lowercased()
            return exact ? candidate == term : candidate.contains(term)
        }
        var hits: [JSONValue] = []
        var skipped = 0
        var more = false
        table(entity).walk(sortedBy: .id, ascending: true) { record in
            guard !record.isDeleted else { return .skip }
            if entity == .deal, let status, record.string("status") != status { return .skip }
            if let personFilter, record.int("person_id") != personFilter { return .skip }
            if let orgFilter, record.int("org_id") != orgFilter { return .skip }
            var customHits: [JSONValue] = []
            var matched = false
            if fields.contains("custom_fields") {
                for value in record.custom.values { if let s = value.stringValue, matches(s) { customHits.append(.string(s)); matched = true } }
            }
            for key in ["title", "name"] where fields.contains(key) { if let s = record.string(key), matches(s) { matched = true } }
            if fields.contains("email"), record.fields["emails"]?.arrayValue?.contains(where: { matches($0["value"]?.stringValue ?? "") }) == true { matched = true }
            if fields.contains("phone"), record.fields["phones"]?.arrayValue?.contains(where: { matches($0["value"]?.stringValue ?? "") }) == true { matched = true }
            if fields.contains("address"), let s = record.fields["address"]?["value"]?.stringValue, matches(s) { matched = true }
            guard matched else { return .skip }
            if skipped < start { skipped += 1; return .skip }
            if hits.count == limit { more = true; return .stop }
            hits.append(["result_score": exact ? 1 : 0.5, "item": searchItem(entity, record, customHits: customHits)])
            return .take
        }
        return (hits, more)
    }

    private func searchItem(_ entity: PipedriveEntity, _ r: PipedriveRecord, customHits: [JSONValue]) -> JSONValue {
        func ref(_ e: PipedriveEntity, _ id: Int?) -> JSONValue {
            guard let id, let linked = record(e, id) else { return .null }
            var object: [String: JSONValue] = ["id": .number(Double(id)), "name": linked.fields["name"] ?? .null]
            if e == .organization { object["address"] = linked.fields["address"]?["value"] ?? .null }
            return .object(object)
        }
        var item: [String: JSONValue] = ["id": .number(Double(r.id)), "type": .string(entity.rawValue),
                                         "visible_to": r.fields["visible_to"] ?? 3, "owner": ["id": r.fields["owner_id"] ?? .null],
                                         "custom_fields": .array(customHits), "notes": []]
        switch entity {
        case .deal:
            let stage = company.stage(r.int("stage_id") ?? 0)
            item["title"] = r.fields["title"] ?? .null
            item["value"] = r.fields["value"] ?? 0
            item["currency"] = r.fields["currency"] ?? "USD"
            item["status"] = r.fields["status"] ?? "open"
            item["stage"] = stage.map { ["id": .number(Double($0.id)), "name": .string($0.name)] } ?? .null
            item["person"] = ref(.person, r.int("person_id"))
            item["organization"] = ref(.organization, r.int("org_id"))
            item["is_archived"] = r.fields["is_archived"] ?? false
        case .person:
            item["name"] = r.fields["name"] ?? .null
            item["emails"] = .array((r.fields["emails"]?.arrayValue ?? []).compactMap { $0["value"] })
            item["phones"] = .array((r.fields["phones"]?.arrayValue ?? []).compactMap { $0["value"] })
            item["organization"] = ref(.organization, r.int("org_id"))
        case .organization:
            item["name"] = r.fields["name"] ?? .null
            item["address"] = r.fields["address"]?["value"] ?? .null
        }
        return .object(item)
    }
}
