/// A parsed `POST /crm/v3/objects/{type}/search` body, checked against HubSpot's limits:
/// ≤5 filter groups (OR), ≤6 filters per group (AND), ≤18 filters in all, one sort,
/// `limit` ≤ 200, integer `after`.
struct HubSpotSearchRequest: Sendable {
    enum Operator: String, Sendable, CaseIterable {
        case EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN
    }

    struct Filter: Sendable {
        var property: String
        var op: Operator
        var value: String?
        var highValue: String?
        var values: [String]
    }

    static let maxGroups = 5, maxFiltersPerGroup = 6, maxFilters = 18, maxLimit = 200, maxResults = 10_000

    var groups: [[Filter]]
    var sortProperty: String?
    var descending: Bool
    var query: String?
    var properties: [String]?
    var limit: Int
    var after: Int

    static func parse(_ body: JSONValue?) -> Result<HubSpotSearchRequest, HubSpotError> {
        let body = body ?? [:]
        let rawGroups = body["filterGroups"]?.arrayValue ?? []
        guard rawGroups.count <= maxGroups else {
            return .failure(.validation("Too many filter groups (\(rawGroups.count)); the maximum is \(maxGroups).", errors: [limitError("filterGroups", maxGroups)]))
        }
        var groups: [[Filter]] = []
        var total = 0
        for g in rawGroups {
            let filters = g["filters"]?.arrayValue ?? []
            guard filters.count <= maxFiltersPerGroup else {
                return .failure(.validation("Too many filters in a group (\(filters.count)); the maximum is \(maxFiltersPerGroup).", errors: [limitError("filters", maxFiltersPerGroup)]))
            }
            total += filters.count
            var parsed: [Filter] = []
            for f in filters {
                guard let name = f["propertyName"]?.stringValue, let opName = f["operator"]?.stringValue,
                      let op = Operator(rawValue: opName) else {
                    return .failure(.validation("Invalid filter: each filter needs propertyName and an operator of \(Operator.allCases.map(\.rawValue))."))
                }
                let filter = Filter(property: name, op: op, value: f["value"]?.stringValue, highValue: f["highValue"]?.stringValue,
                                    values: f["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                if let problem = filter.problem { return .failure(.validation(problem)) }
                parsed.append(filter)
            }
            groups.append(parsed)
        }
        guard total <= maxFilters else {
            return .failure(.validation("Too many filters (\(total)); the maximum is \(maxFilters) across all groups.", errors: [limitError("filters", maxFilters)]))
        }
        let sorts = body["sorts"]?.arrayValue ?? []
        guard sorts.count <= 1 else { return .failure(.validation("Only one sort is supported; got \(sorts.count).")) }
        var sortProperty: String?, descending = false
        if let s = sorts.first {
            // Clients send either {"propertyName","direction"} or a bare name, "-name" meaning descending.
            if let name = s.stringValue {
                descending = name.hasPrefix("-")
                sortProperty = descending ? String(name.dropFirst()) : name
            } else {
                sortProperty = s["propertyName"]?.stringValue
                descending = s["direction"]?.stringValue?.uppercased() == "DESCENDING"
            }
        }
        let limit = body["limit"]?.intValue ?? 10
        guard (0...maxLimit).contains(limit) else {
            return .failure(.validation("limit must be between 0 and \(maxLimit); got \(limit).", errors: [limitError("limit", maxLimit)]))
        }
        let afterText = body["after"]?.stringValue ?? "0"
        guard let after = Int(afterText), after >= 0 else { return .failure(.validation("after must be a non-negative integer; got \(afterText).")) }
        guard after < maxResults else {
            return .failure(.validation("Paging past \(maxResults) results is not supported; narrow the search instead.",
                                        errors: [["message": .string("after must be less than \(maxResults)"), "code": "INVALID_PAGING",
                                                  "context": ["after": [.string(afterText)]]]]))
        }
        let properties = body["properties"]?.arrayValue?.compactMap(\.stringValue)
        return .success(HubSpotSearchRequest(groups: groups, sortProperty: sortProperty, descending: descending,
                                             query: body["query"]?.stringValue, properties: properties?.isEmpty == false ? properties : nil,
                                             limit: limit, after: after))
    }

    private static func limitError(_ field: String, _ max: Int) -> JSONValue {
        ["message": .string("\(field) may hold at most \(max)"), "code": "TOO_MANY", "context": ["field": [.string(field)]]]
    }
}

extension HubSpotSearchRequest.Filter {
    /// Why this filter is malformed, or nil.
    var problem: String? {
        switch op {
        case .IN, .NOT_IN: values.isEmpty ? "\(op.rawValue) on \(property) needs a non-empty values array." : nil
        case .BETWEEN: value == nil || highValue == nil ? "BETWEEN on \(property) needs value and highValue." : nil
        case .HAS_PROPERTY, .NOT_HAS_PROPERTY: nil
        default: value == nil ? "\(op.rawValue) on \(property) needs a value." : nil
        }
    }
}
