import Foundation

/// Runs searches. Candidates come from the modification-time index: range filters on the
/// last-modified property become a slice found by binary search (and are not re-tested), and an
/// ascending sort on that property needs no sort at all, so an incremental pull over 100,000
/// records touches only the slice it asks for.
extension HubSpotState {
    func search(_ type: HubSpotObjectType, _ call: HubSpotCall) -> SandboxResponse {
        switch HubSpotSearchRequest.parse(call.request.json) {
        case .failure(let e): return e.response
        case .success(let req):
            let ids = matches(type, req)
            let end = min(ids.count, req.after + req.limit, HubSpotSearchRequest.maxResults)
            let page = req.after < end ? ids[req.after..<end] : []
            var body: [String: JSONValue] = [
                "total": .number(Double(ids.count)),
                "results": .array(page.map { store(type)[$0]!.json(type, select: req.properties, schema: schema) }),
            ]
            if end < ids.count { body["paging"] = ["next": ["after": .string(String(end))]] }
            return .json(200, .object(body))
        }
    }

    /// Ids of live records matching `req`, in result order.
    func matches(_ type: HubSpotObjectType, _ req: HubSpotSearchRequest) -> [Int] {
        let s = store(type)
        let lastModified = type.lastModifiedProperty
        let groups = req.groups.isEmpty ? [[]] : req.groups
        let query = req.query?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        var keys: [HubSpotModifiedKey] = []
        var seen = Set<Int>()
        for group in groups {
            let ranged = group.filter { $0.property == lastModified && Self.rangeOperators.contains($0.op) }
            let rest = group.filter { !($0.property == lastModified && Self.rangeOperators.contains($0.op)) }
                .map { HubSpotCompiledFilter($0, kind: schema.property(type, $0.property)?.type ?? .string) }
            let slice = s.byModified[modifiedRange(ranged, in: s.byModified)]
            let matched = rest.isEmpty && query.isEmpty ? Array(slice) : slice.filter { key in
                guard let r = s[key.id] else { return false }
                return rest.allSatisfy { $0.test(r) } && matchesQuery(query, r, type)
            }
            if groups.count == 1 { keys = matched } else { keys += matched.filter { seen.insert($0.id).inserted } }
        }
        if groups.count > 1 { keys.sort() }
        switch req.sortProperty {
        case lastModified?, "updatedAt"?:
            return req.descending ? keys.reversed().map(\.id) : keys.map(\.id)
        case nil, "hs_object_id"?, "id"?:
            let ids = keys.map(\.id).sorted()
            return req.descending ? ids.reversed() : ids
        case let name?:
            let kind = schema.property(type, name)?.type ?? .string
            let valued = keys.map { key in (id: key.id, value: s[key.id]?.properties[name].flatMap { $0.isEmpty ? nil : HubSpotSearchValue($0, kind) }) }
            // Records without the property come last in either direction; ties keep id order.
            return valued.sorted { a, b in
                switch (a.value, b.value) {
                case let (x?, y?) where x != y: return req.descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return a.id < b.id
                }
            }.map(\.id)
        }
    }

    private static let rangeOperators: Set<HubSpotSearchRequest.Operator> = [.GT, .GTE, .LT, .LTE, .EQ, .BETWEEN]

    /// The slice of the modification index that range filters on the last-modified property allow.
    private func modifiedRange(_ filters: [HubSpotSearchRequest.Filter], in index: [HubSpotModifiedKey]) -> Range<Int> {
        var lo = Int64.min, hi = Int64.max
        for f in filters {
            guard let v = f.value.flatMap(HubSpotTime.parse) else { return 0..<0 }
            switch f.op {
            case .GTE: lo = max(lo, v)
            case .GT: lo = max(lo, v + 1)
            case .LTE: hi = min(hi, v)
            case .LT: hi = min(hi, v - 1)
            case .EQ: lo = max(lo, v); hi = min(hi, v)
            case .BETWEEN:
                lo = max(lo, v)
                guard let h = f.highValue.flatMap(HubSpotTime.parse) else { return 0..<0 }
                hi = min(hi, h)
            default: break
            }
        }
        guard lo <= hi else { return 0..<0 }
        let start = lo == .min ? 0 : index.lowerBound(HubSpotModifiedKey(millis: lo, id: .min))
        let end = hi == .max ? index.count : index.lowerBound(HubSpotModifiedKey(millis: hi, id: .max))
        return start..<max(start, end)
    }

    private func matchesQuery(_ query: String, _ r: HubSpotRecord, _ type: HubSpotObjectType) -> Bool {
        query.isEmpty || type.searchableProperties.contains { r.properties[$0]?.lowercased().contains(query) == true }
    }
}
