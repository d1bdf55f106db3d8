import Foundation

/// Runs searches. Candidates come from the modification-time index: a range filter on the
/// last-modified property narrows each group to a slice by binary search, and an ascending sort
/// on that property needs no sort at all, so an incremental pull over 100,000 records touches
/// only the records it returns and counts.
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
        var keys: [HubSpotModifiedKey] = []
        var seen = Set<Int>()
        for group in groups {
            let range = modifiedRange(group.filter { $0.property == lastModified }, in: s.byModified)
            for key in s.byModified[range] {
                guard let r = s[key.id], group.allSatisfy({ test($0, r, type) }), matchesQuery(req.query, r, type) else { continue }
                if groups.count == 1 || seen.insert(key.id).inserted { keys.append(key) }
            }
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
            let sorted = keys.map(\.id).sorted { a, b in
                let va = s[a]!.properties[name], vb = s[b]!.properties[name]
                if va == vb { return a < b }
                guard let va else { return false }
                guard let vb else { return true }
                let less = Self.compare(va, vb, kind) < 0
                return req.descending ? !less : less
            }
            return sorted
        }
    }

    /// The slice of the modification index that range filters on the last-modified property allow.
    private func modifiedRange(_ filters: [HubSpotSearchRequest.Filter], in index: [HubSpotModifiedKey]) -> Range<Int> {
        var lo = Int64.min, hi = Int64.max
        for f in filters {
            let v = f.value.flatMap(HubSpotTime.parse)
            switch f.op {
            case .GTE: if let v { lo = max(lo, v) }
            case .GT: if let v { lo = max(lo, v + 1) }
            case .LTE: if let v { hi = min(hi, v) }
            case .LT: if let v { hi = min(hi, v - 1) }
            case .EQ: if let v { lo = max(lo, v); hi = min(hi, v) }
            case .BETWEEN:
                if let v { lo = max(lo, v) }
                if let h = f.highValue.flatMap(HubSpotTime.parse) { hi = min(hi, h) }
            default: break
            }
        }
        guard lo <= hi else { return 0..<0 }
        let start = lo == .min ? 0 : index.lowerBound(HubSpotModifiedKey(millis: lo, id: .min))
        let end = hi == .max ? index.count : index.lowerBound(HubSpotModifiedKey(millis: hi, id: .max))
        return start..<max(start, end)
    }

    func test(_ f: HubSpotSearchRequest.Filter, _ r: HubSpotRecord, _ type: HubSpotObjectType) -> Bool {
        let actual = r.properties[f.property].flatMap { $0.isEmpty ? nil : $0 }
        let kind = schema.property(type, f.property)?.type ?? .string
        switch f.op {
        case .HAS_PROPERTY: return actual != nil
        case .NOT_HAS_PROPERTY: return actual == nil
        case .NEQ: return actual.map { Self.compare($0, f.value!, kind) != 0 } ?? true
        case .NOT_IN: return actual.map { a in !f.values.contains { Self.compare(a, $0, kind) == 0 } } ?? true
        case .NOT_CONTAINS_TOKEN: return actual.map { !Self.containsToken($0, f.value!) } ?? true
        default: break
        }
        guard let actual else { return false }
        switch f.op {
        case .EQ: return Self.compare(actual, f.value!, kind) == 0
        case .LT: return Self.compare(actual, f.value!, kind) < 0
        case .LTE: return Self.compare(actual, f.value!, kind) <= 0
        case .GT: return Self.compare(actual, f.value!, kind) > 0
        case .GTE: return Self.compare(actual, f.value!, kind) >= 0
        case .BETWEEN: return Self.compare(actual, f.value!, kind) >= 0 && Self.compare(actual, f.highValue!, kind) <= 0
        case .IN: return f.values.contains { Self.compare(actual, $0, kind) == 0 }
        case .CONTAINS_TOKEN: return Self.containsToken(actual, f.value!)
        default: return false
        }
    }

    /// Compares by the property's type: dates as epoch ms (ISO or ms strings), numbers as
    /// numbers, everything else case-insensitively.
    static func compare(_ a: String, _ b: String, _ kind: HubSpotProperty.Kind) -> Int {
        switch kind {
        case .datetime, .date:
            if let x = HubSpotTime.parse(a), let y = HubSpotTime.parse(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        case .number:
            if let x = Double(a), let y = Double(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        default: break
        }
        let x = a.lowercased(), y = b.lowercased()
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// Token match with `*` wildcards, against the whole value or any word of it.
    static func containsToken(_ value: String, _ pattern: String) -> Bool {
        let p = pattern.lowercased(), v = value.lowercased()
        let words = v.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return ([v] + words).contains { glob(p[...], $0[...]) }
    }

    private static func glob(_ p: Substring, _ s: Substring) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "*" {
            let rest = p.dropFirst()
            var tail = s
            while true {
                if glob(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let c = s.first, c == first else { return false }
        return glob(p.dropFirst(), s.dropFirst())
    }

    private func matchesQuery(_ query: String?, _ r: HubSpotRecord, _ type: HubSpotObjectType) -> Bool {
        guard let q = query?.lowercased().trimmingCharacters(in: .whitespaces), !q.isEmpty else { return true }
        return type.searchableProperties.contains { r.properties[$0]?.lowercased().contains(q) == true }
    }
}
