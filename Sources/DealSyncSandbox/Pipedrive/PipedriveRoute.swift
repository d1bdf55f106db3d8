import Foundation

/// Which API a path belongs to, and what a call to it costs from the daily token budget
/// (the spec's `x-token-cost`: v2 list 10, get 1, write 5, delete 3; v1 list 20, get 2,
/// write 10, delete 6; search and recents 20).
struct PipedriveRoute: Sendable {
    enum API: Sendable { case v1, v2, unknown }
    var api: API
    /// The path below `/v1` or `/api/v2`.
    var rest: ArraySlice<String>

    init(_ segments: [String]) {
        let s = segments[...]
        if s.starts(with: ["api", "v2"]) { api = .v2; rest = s.dropFirst(2) }
        else if s.starts(with: ["api", "v1"]) { api = .v1; rest = s.dropFirst(2) }
        else if s.first == "v1" { api = .v1; rest = s.dropFirst() }
        else { api = .unknown; rest = s }
    }

    /// `/deals/search`, `/persons/search`, `/itemSearch`: the stricter search burst limit applies.
    var isSearch: Bool { rest.contains("search") || rest.first == "itemSearch" }

    func tokenCost(_ method: String) -> Int {
        let single = rest.count >= 2 && Int(rest[rest.startIndex + 1]) != nil
        if isSearch || rest.first == "recents" { return 20 }
        let v1 = api == .v1
        switch method {
        case "GET": return single ? (v1 ? 2 : 1) : (v1 ? 20 : 10)
        case "DELETE": return v1 ? 6 : 3
        default: return v1 ? 10 : 5
        }
    }
}

extension PipedriveState {
    mutating func serve(_ request: SandboxRequest, route: PipedriveRoute, now: Date) throws(PipedriveAPIError) -> PipedriveOutcome {
        switch route.api {
        case .v2: try v2(request, route.rest, now: now)
        case .v1: try v1(request, route.rest, now: now)
        case .unknown: throw .unknownMethod
        }
    }

    /// Turns a sandbox edit's fields into a v2 body: custom fields named by hash or by label
    /// move into `custom_fields`.
    func editBody(_ entity: PipedriveEntity, _ fields: [String: JSONValue]) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        var custom = fields["custom_fields"]?.objectValue ?? [:]
        for (key, value) in fields where key != "custom_fields" {
            if let field = catalog.customField(entity, key: key) ?? catalog.customField(entity, named: key) {
                custom[field.code] = value
            } else {
                body[key] = value
            }
        }
        if !custom.isEmpty { body["custom_fields"] = .object(custom) }
        return body
    }
}
