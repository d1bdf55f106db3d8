import Foundation

/// API v2's opaque cursor. Pipedrive's are base64url JSON such as
/// `{"field":"id","fieldValue":7,"sortDirection":"asc","id":7}`; ours have the same shape,
/// with the sort value as epoch seconds for the time sorts.
struct PipedriveCursor: Sendable, Hashable {
    var sort: PipedriveSortKey
    var ascending: Bool
    var after: PipedriveIndexKey

    func encoded() -> String {
        let json: JSONValue = ["field": .string(sort.rawValue), "fieldValue": .number(Double(after.value)),
                               "sortDirection": ascending ? "asc" : "desc", "id": .number(Double(after.id))]
        return json.encoded().base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(sort: PipedriveSortKey, ascending: Bool, after: PipedriveIndexKey) {
        self.sort = sort
        self.ascending = ascending
        self.after = after
    }

    init?(_ text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let json = try? JSONDecoder().decode(JSONValue.self, from: data),
              let field = json["field"]?.stringValue, let sort = PipedriveSortKey(rawValue: field),
              let value = json["fieldValue"]?.intValue, let id = json["id"]?.intValue,
              let direction = json["sortDirection"]?.stringValue, direction == "asc" || direction == "desc" else { return nil }
        self.init(sort: sort, ascending: direction == "asc", after: PipedriveIndexKey(value: value, id: id))
    }
}

/// A v2 list request: filters, order and page, parsed from the query string.
struct PipedriveListQuery: Sendable {
    var sort: PipedriveSortKey = .id
    var ascending = true
    var limit = 100
    var cursor: PipedriveCursor?
    var updatedSince: Int?
    var updatedUntil: Int?
    var ids: Set<Int>?
    var statuses: Set<String>?
    var equals: [String: Int] = [:]

    init(_ request: SandboxRequest, entity: PipedriveEntity) throws(PipedriveAPIError) {
        if let sortBy = request.queryValue("sort_by") {
            guard let key = PipedriveSortKey(rawValue: sortBy) else {
                throw .badRequest("Validation failed: sort_by: Expected one of id, update_time, add_time")
            }
            sort = key
        }
        if let direction = request.queryValue("sort_direction") {
            guard direction == "asc" || direction == "desc" else {
                throw .badRequest("Validation failed: sort_direction: Expected one of asc, desc")
            }
            ascending = direction == "asc"
        }
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...500).contains(value) else {
                throw .badRequest("Validation failed: limit: Expected integer between 1 and 500")
            }
            limit = value
        }
        if let text = request.queryValue("cursor"), !text.isEmpty {
            guard let cursor = PipedriveCursor(text), cursor.sort == sort, cursor.ascending == ascending else {
                throw .badRequest("Invalid cursor")
            }
            self.cursor = cursor
        }
        for (name, keyPath) in [("updated_since", \PipedriveListQuery.updatedSince), ("updated_until", \.updatedUntil)] {
            guard let text = request.queryValue(name) else { continue }
            guard let epoch = PipedriveTime.parseRFC3339(text) else {
                throw .badRequest("Validation failed: \(name): Expected RFC3339 date-time without milliseconds, e.g. 2025-01-01T10:20:00Z")
            }
            self[keyPath: keyPath] = epoch
        }
        if let text = request.queryValue("ids") {
            let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.allSatisfy({ $0 != nil }), parts.count <= 100 else {
                throw .badRequest("Validation failed: ids: Expected up to 100 comma separated integers")
            }
            ids = Set(parts.compactMap { $0 })
        }
        if entity == .deal, let text = request.queryValue("status") {
            let values = Set(text.split(separator: ",").map(String.init))
            guard values.isSubset(of: ["open", "won", "lost", "deleted"]), !values.isEmpty else {
                throw .badRequest("Validation failed: status: Expected one of open, won, lost, deleted")
            }
            statuses = values
        }
        let filters: [String] = switch entity {
        case .deal: ["owner_id", "person_id", "org_id", "pipeline_id", "stage_id"]
        case .person: ["owner_id", "org_id"]
        case .organization: ["owner_id"]
        }
        for name in filters {
            guard let text = request.queryValue(name) else { continue }
            guard let value = Int(text) else { throw .badRequest("Validation failed: \(name): Expected integer") }
            equals[name] = value
        }
    }

    func includes(_ record: PipedriveRecord, entity: PipedriveEntity) -> Bool {
        if let statuses {
            if record.isDeleted { if !statuses.contains("deleted") { return false } }
            else if !statuses.contains(record.string("status") ?? "open") { return false }
        } else if record.isDeleted {
            return false
        }
        if entity == .deal, record.fields["is_archived"]?.boolValue == true { return false }
        if let updatedSince, record.updateTime < updatedSince { return false }
        if let updatedUntil, record.updateTime >= updatedUntil { return false }
        if let ids, !ids.contains(record.id) { return false }
        for (key, value) in equals where record.int(key) != value { return false }
        return true
    }

    /// One page, and the cursor of the next one (nil on the last page). Walks the index of the
    /// requested order from the cursor, or from `updated_since` when sorting by update time.
    func page(_ table: PipedriveTable, entity: PipedriveEntity) -> ([PipedriveRecord], PipedriveCursor?) {
        var from: PipedriveIndexKey?
        if sort == .updateTime {
            if ascending, let updatedSince { from = PipedriveIndexKey(value: updatedSince, id: Int.min) }
            if !ascending, let updatedUntil { from = PipedriveIndexKey(value: updatedUntil - 1, id: Int.max) }
        }
        if let ids, sort == .id, let first = ascending ? ids.min() : ids.max() {
            from = PipedriveIndexKey(value: first, id: first)
        }
        var items: [PipedriveRecord] = []
        var more = false
        table.walk(sortedBy: sort, ascending: ascending, after: cursor?.after, from: from) { record in
            if sort == .updateTime {
                if ascending, let updatedUntil, record.updateTime >= updatedUntil { return .stop }
                if !ascending, let updatedSince, record.updateTime < updatedSince { return .stop }
            }
            guard includes(record, entity: entity) else { return .skip }
            if items.count == limit { more = true; return .stop }
            items.append(record)
            return .take
        }
        let next = more ? items.last.map { PipedriveCursor(sort: sort, ascending: ascending, after: table.key(of: $0, sortedBy: sort)) } : nil
        return (items, next)
    }
}
