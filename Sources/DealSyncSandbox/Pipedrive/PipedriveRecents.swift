import Foundation

/// `GET /v1/recents?since_timestamp=YYYY-MM-DD HH:MM:SS&items=deal,person,organization`:
/// every record of the asked types changed at or after the timestamp, oldest first, across types,
/// with v1 offset paging. Deleted records appear with their deleted/inactive flags set.
extension PipedriveState {
    func recents(_ request: SandboxRequest) throws(PipedriveAPIError) -> SandboxResponse {
        guard let sinceText = request.queryValue("since_timestamp") else {
            throw .badRequest("since_timestamp is required")
        }
        guard let since = PipedriveTime.parseV1(sinceText) else {
            throw .badRequest("since_timestamp must be in format YYYY-MM-DD HH:MM:SS")
        }
        let known: Set<String> = ["activity", "activityType", "deal", "file", "filter", "note", "person", "organization",
                                  "pipeline", "product", "stage", "user"]
        var types = PipedriveEntity.allCases
        if let text = request.queryValue("items") {
            let names = text.split(separator: ",").map(String.init)
            guard Set(names).isSubset(of: known) else { throw .badRequest("Invalid items value") }
            types = PipedriveEntity.allCases.filter { names.contains($0.rawValue) }
        }
        let start = max(0, request.queryValue("start").flatMap(Int.init) ?? 0)
        let limit = min(500, max(1, request.queryValue("limit").flatMap(Int.init) ?? 100))

        // Each type's index yields its changes in update order; the first start+limit+1 of each
        // are enough to merge the requested page.
        var candidates: [(time: Int, entity: PipedriveEntity, record: PipedriveRecord)] = []
        for entity in types {
            var taken = 0
            table(entity).walk(sortedBy: .updateTime, ascending: true, from: PipedriveIndexKey(value: since, id: Int.min)) { r in
                candidates.append((r.updateTime, entity, r))
                taken += 1
                return taken > start + limit ? .stop : .take
            }
        }
        candidates.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.entity != b.entity { return a.entity.rawValue < b.entity.rawValue }
            return a.record.id < b.record.id
        }
        let page = candidates.dropFirst(start).prefix(limit)
        let more = candidates.count > start + limit
        let data = page.map { c -> JSONValue in
            ["item": .string(c.entity.rawValue), "id": .number(Double(c.record.id)), "data": v1(c.entity, c.record, flat: true)]
        }
        var additional = pagination(start, limit, more).objectValue ?? [:]
        additional["since_timestamp"] = .string(PipedriveTime.v1(since))
        additional["last_timestamp_on_page"] = page.last.map { .string(PipedriveTime.v1($0.time)) } ?? .null
        return PipedriveReply.success(data.isEmpty ? .null : .array(data), additional: .object(additional))
    }
}
