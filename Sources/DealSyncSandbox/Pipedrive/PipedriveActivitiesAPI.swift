import Foundation

/// `/api/v2/activities` (list with cursor, get, POST, PATCH, DELETE) and the v1 `/activities`
/// that older clients call (offset paging, `type`/`start_date`/`end_date`/`user_id`/`done`
/// filters, PUT). Deletes are soft, as in Pipedrive: a deleted activity reads as 404.
extension PipedriveState {
    mutating func v2Activities(_ request: SandboxRequest, _ rest: ArraySlice<String>, now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        let epoch = PipedriveTime.epoch(now)
        guard let idText = rest.first else {
            switch request.method {
            case "GET":
                var query = try PipedriveListQuery(request, entity: .deal)
                query.statuses = nil
                var filters: [String: Int] = [:]
                for name in ["deal_id", "person_id", "org_id", "owner_id"] {
                    guard let text = request.queryValue(name) else { continue }
                    guard let value = Int(text) else { throw .badRequest("Validation failed: \(name): Expected integer") }
                    filters[name] = value
                }
                query.equals = filters
                let done = request.queryValue("done").map { $0 == "true" || $0 == "1" }
                var items: [PipedriveRecord] = [], more = false
                activityTable.walk(sortedBy: query.sort, ascending: query.ascending, after: query.cursor?.after) { r in
                    guard query.includes(r, entity: .person), done == nil || r.fields["done"]?.boolValue == done else { return .skip }
                    if items.count == query.limit { more = true; return .stop }
                    items.append(r)
                    return .take
                }
                let next = more ? items.last.map { PipedriveCursor(sort: query.sort, ascending: query.ascending,
                                                                   after: activityTable.key(of: $0, sortedBy: query.sort)) } : nil
                return PipedriveOutcome(response: PipedriveReply.success(.array(items.map(v2Activity)),
                                                                         additional: ["next_cursor": next.map { .string($0.encoded()) } ?? .null]))
            case "POST":
                let record = try createActivity(try activityInput(try jsonObject(request), creating: true, now: epoch), at: epoch)
                return PipedriveOutcome(response: PipedriveReply.success(v2Activity(record)))
            default:
                throw .unknownMethod
            }
        }
        guard rest.count == 1, let id = Int(idText) else { throw .unknownMethod }
        switch request.method {
        case "GET":
            return PipedriveOutcome(response: PipedriveReply.success(v2Activity(try liveActivity(id))))
        case "PATCH":
            let record = try updateActivity(id, try activityInput(try jsonObject(request), creating: false, now: epoch), at: epoch)
            return PipedriveOutcome(response: PipedriveReply.success(v2Activity(record)))
        case "DELETE":
            try deleteActivity(id, at: epoch)
            return PipedriveOutcome(response: PipedriveReply.success(["id": .number(Double(id))]))
        default:
            throw .unknownMethod
        }
    }

    mutating func v1Activities(_ request: SandboxRequest, _ rest: ArraySlice<String>, now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        let epoch = PipedriveTime.epoch(now)
        guard let idText = rest.first else {
            switch request.method {
            case "GET": return PipedriveOutcome(response: try v1ActivityList(request))
            case "POST":
                let body = activityV1ToV2(try jsonObject(request))
                let record = try createActivity(try activityInput(body, creating: true, now: epoch), at: epoch)
                return PipedriveOutcome(response: PipedriveReply.success(v1Activity(record), status: 201))
            default: throw .unknownMethod
            }
        }
        guard rest.count == 1, let id = Int(idText) else { throw .unknownMethod }
        switch request.method {
        case "GET":
            return PipedriveOutcome(response: PipedriveReply.success(v1Activity(try liveActivity(id))))
        case "PUT":
            let body = activityV1ToV2(try jsonObject(request))
            let record = try updateActivity(id, try activityInput(body, creating: false, now: epoch), at: epoch)
            return PipedriveOutcome(response: PipedriveReply.success(v1Activity(record)))
        case "DELETE":
            try deleteActivity(id, at: epoch)
            return PipedriveOutcome(response: PipedriveReply.success(["id": .number(Double(id))]))
        default:
            throw .unknownMethod
        }
    }

    /// v1 `GET /activities`: `user_id` (0 = everyone; default the caller), `type` (comma list),
    /// `start_date`/`end_date` on the due date, `done` 0/1, `start`/`limit`.
    private func v1ActivityList(_ request: SandboxRequest) throws(PipedriveAPIError) -> SandboxResponse {
        let start = max(0, request.queryValue("start").flatMap(Int.init) ?? 0)
        let limit = min(500, max(1, request.queryValue("limit").flatMap(Int.init) ?? 100))
        let user = request.queryValue("user_id").flatMap(Int.init) ?? company.integrationUser.id
        let types = request.queryValue("type").map { Set($0.split(separator: ",").map(String.init)) }
        let from = request.queryValue("start_date"), until = request.queryValue("end_date")
        for date in [from, until].compactMap({ $0 }) where !PipedriveTime.isCalendarDate(date) {
            throw .badRequest("Invalid date format. Expected YYYY-MM-DD")
        }
        let done = request.queryValue("done").map { $0 == "1" }
        var skipped = 0, items: [PipedriveRecord] = [], more = false
        activityTable.walk(sortedBy: .id, ascending: true) { r in
            let due = r.string("due_date")
            if r.isDeleted || (user != 0 && r.int("owner_id") != user) { return .skip }
            if let types, !types.contains(r.string("type") ?? "") { return .skip }
            if let from, (due ?? "") < from { return .skip }
            if let until, due == nil || due! > until { return .skip }
            if let done, r.fields["done"]?.boolValue != done { return .skip }
            if skipped < start { skipped += 1; return .skip }
            if items.count == limit { more = true; return .stop }
            items.append(r)
            return .take
        }
        return PipedriveReply.success(items.isEmpty ? .null : .array(items.map(v1Activity)), additional: pagination(start, limit, more))
    }

    private func liveActivity(_ id: Int) throws(PipedriveAPIError) -> PipedriveRecord {
        guard let record = activityTable[id], !record.isDeleted else { throw PipedriveAPIError(status: 404, message: "Activity not found") }
        return record
    }

    private mutating func createActivity(_ fields: [String: JSONValue], at epoch: Int) throws(PipedriveAPIError) -> PipedriveRecord {
        let record = PipedriveRecord(id: activityTable.allocateID(), fields: fields, custom: [:], addTime: epoch, updateTime: epoch, isDeleted: false)
        activityTable.put(record)
        return record
    }

    private mutating func updateActivity(_ id: Int, _ fields: [String: JSONValue], at epoch: Int) throws(PipedriveAPIError) -> PipedriveRecord {
        var record = try liveActivity(id)
        // Marking a done activity done again keeps the time it was first marked.
        let keep = record.fields["done"]?.boolValue == true && fields["done"]?.boolValue == true
        for (key, value) in fields where !(keep && key == "marked_as_done_time") { record.fields[key] = value }
        record.updateTime = epoch
        activityTable.put(record)
        return record
    }

    private mutating func deleteActivity(_ id: Int, at epoch: Int) throws(PipedriveAPIError) {
        var record = try liveActivity(id)
        record.isDeleted = true
        record.updateTime = epoch
        activityTable.put(record)
    }

    func v2Activity(_ r: PipedriveRecord) -> JSONValue {
        var o: [String: JSONValue] = ["id": .number(Double(r.id)), "is_deleted": .bool(r.isDeleted),
                                      "add_time": .string(PipedriveTime.rfc3339(r.addTime)),
                                      "update_time": .string(PipedriveTime.rfc3339(r.updateTime))]
        for key in PipedriveActivityRules.v2Keys { o[key] = r.fields[key] ?? .null }
        if let person = r.int("person_id") { o["participants"] = [["person_id": .number(Double(person)), "primary": true]] }
        return .object(o)
    }

    /// v1 spells times `YYYY-MM-DD HH:MM:SS`, `done` as a boolean, the owner as `user_id`, and
    /// adds the linked records' names.
    func v1Activity(_ r: PipedriveRecord) -> JSONValue {
        var o: [String: JSONValue] = ["id": .number(Double(r.id)), "active_flag": .bool(!r.isDeleted),
                                      "add_time": .string(PipedriveTime.v1(r.addTime)), "update_time": .string(PipedriveTime.v1(r.updateTime)),
                                      "company_id": .number(Double(PipedriveCompany.companyID))]
        for key in PipedriveActivityRules.v2Keys where key != "owner_id" && key != "participants" && key != "attendees" {
            o[key] = r.fields[key] ?? .null
        }
        o["user_id"] = r.fields["owner_id"] ?? .null
        if case .string(let t)? = r.fields["marked_as_done_time"], let epoch = PipedriveTime.parseRFC3339(t) {
            o["marked_as_done_time"] = .string(PipedriveTime.v1(epoch))
        }
        o["deal_title"] = r.int("deal_id").flatMap { record(.deal, $0)?.string("title") }.map(JSONValue.string) ?? .null
        o["person_name"] = r.int("person_id").flatMap { record(.person, $0)?.string("name") }.map(JSONValue.string) ?? .null
        o["org_name"] = r.int("org_id").flatMap { record(.organization, $0)?.string("name") }.map(JSONValue.string) ?? .null
        return .object(o)
    }
}
