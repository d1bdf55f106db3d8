import Foundation

/// Authentication, rate limiting and dispatch of one request below `/hubspot`.
extension HubSpotState {
    mutating func serve(_ request: SandboxRequest, at now: Int64) -> SandboxResponse {
        let seg = request.segments
        if seg.first == "oauth" { return serveOAuth(request, seg, at: now) }

        let token = request.header("Authorization").flatMap { h -> String? in
            let parts = h.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        let kind: HubSpotOAuth.TokenKind
        switch oauth.check(token, now: now) {
        case .valid(let k): kind = k
        case .unknown: return Self.unauthorized()
        case .expired(let at): return Self.expired(at: at, now: now)
        }

        let isSearch = request.method == "POST" && seg.count == 5 && seg[0] == "crm" && seg.last == "search"
        var rateHeaders: [(name: String, value: String)] = []
        switch limiter.admit(at: now, search: isSearch) {
        case .limited(let policy): return rateLimited(policy, at: now, includeDaily: kind == .privateApp)
        case .allowedSearch: break
        case .allowed(let remaining, let daily):
            rateHeaders = limiter.headers(remaining: remaining, dailyRemaining: daily, includeDaily: kind == .privateApp)
        }

        let call = HubSpotCall(request: request, now: now, actor: HubSpotActor(changeSource: "INTEGRATION", sourceId: HubSpotEmulator.appId))
        let malformed = !request.body.isEmpty && ["POST", "PATCH", "PUT"].contains(request.method) && request.json == nil
        var response = malformed
            ? HubSpotError.validation("Invalid input JSON on line 1, column 1: the body is not a JSON document.").response
            : route(call, seg)
        for (name, value) in rateHeaders { response.setHeader(name, value) }
        return response
    }

    private mutating func route(_ call: HubSpotCall, _ seg: [String]) -> SandboxResponse {
        let method = call.request.method
        switch (method, seg.count, seg.first, seg.dropFirst().first) {
        case (_, 4..., "crm", "v3") where seg[2] == "objects":
            guard let type = HubSpotObjectType(path: seg[3]) else { return unknownType(seg[3]) }
            switch (method, seg.count) {
            case ("GET", 4): return list(type, call)
            case ("POST", 4): return createOne(type, call)
            case ("POST", 5) where seg[4] == "search": return search(type, call)
            case ("GET", 5): return read(type, key: seg[4], call)
            case ("PATCH", 5): return updateOne(type, key: seg[4], call)
            case ("DELETE", 5): return archiveOne(type, key: seg[4], call)
            case ("POST", 6) where seg[4] == "batch":
                switch seg[5] {
                case "read": return batchRead(type, call)
                case "create": return batchCreate(type, call)
                case "update": return batchUpdate(type, call)
                case "upsert": return batchUpsert(type, call)
                case "archive": return batchArchive(type, call)
                default: break
                }
            default: break
            }
        case ("POST", 7, "crm", "v3") where seg[2] == "associations" && seg[5] == "batch":
            guard let from = HubSpotObjectType(path: seg[3]), let to = HubSpotObjectType(path: seg[4]) else { return unknownType(seg[3]) }
            if let response = serveV3Associations(from, to, op: seg[6], call) { return response }
        case ("GET", 4...5, "crm", "v3") where seg[2] == "properties":
            guard let type = HubSpotObjectType(path: seg[3]) else { return unknownType(seg[3]) }
            return seg.count == 4 ? listProperties(type) : readProperty(type, seg[4])
        case ("GET", 4...5, "crm", "v3") where seg[2] == "pipelines":
            return listPipelines(seg[3], id: seg.count == 5 ? seg[4] : nil)
        case ("GET", 3, "crm", "v3") where seg[2] == "owners":
            return listOwners(call)
        case ("GET", 4, "crm", "v3") where seg[2] == "owners":
            return readOwner(seg[3])
        case ("GET", 3, "account-info", "v3") where seg[2] == "details":
            return accountDetails()
        case (_, 6...8, "crm", "v4") where seg[2] == "objects" && seg[5] == "associations":
            guard let from = HubSpotObjectType(path: seg[3]), let fromId = Int(seg[4]) else { return unknownType(seg[3]) }
            let ref = HubSpotObjectRef(type: from, id: fromId)
            switch (method, seg.count) {
            case ("GET", 7):
                guard let to = HubSpotObjectType(path: seg[6]) else { return unknownType(seg[6]) }
                return listAssociations(ref, to, call)
            case ("PUT", 8):
                guard let to = HubSpotObjectType(path: seg[6]), let toId = Int(seg[7]) else { return unknownType(seg[6]) }
                return associateLabelled(ref, HubSpotObjectRef(type: to, id: toId), call)
            case ("DELETE", 8):
                guard let to = HubSpotObjectType(path: seg[6]), let toId = Int(seg[7]) else { return unknownType(seg[6]) }
                return removeAssociations(from, to, pairs: [(fromId, toId)])
            default: break
            }
        case ("PUT", 9, "crm", "v4") where seg[2] == "objects" && seg[5] == "associations" && seg[6] == "default":
            guard let from = HubSpotObjectType(path: seg[3]), let fromId = Int(seg[4]),
                  let to = HubSpotObjectType(path: seg[7]), let toId = Int(seg[8]) else { return unknownType(seg[3]) }
            return associateDefault(HubSpotObjectRef(type: from, id: fromId), HubSpotObjectRef(type: to, id: toId), call)
        case ("POST", 7...8, "crm", "v4") where seg[2] == "associations" && seg[5] == "batch":
            guard let from = HubSpotObjectType(path: seg[3]), let to = HubSpotObjectType(path: seg[4]) else { return unknownType(seg[3]) }
            switch seg[6...].joined(separator: "/") {
            case "read": return batchReadAssociations(from, to, call)
            case "create": return batchCreateAssociations(from, to, labelled: true, call)
            case "associate/default": return batchCreateAssociations(from, to, labelled: false, call)
            case "archive":
                let pairs = (call.request.json?["inputs"]?.arrayValue ?? []).flatMap { input -> [(Int, Int)] in
                    guard let f = input["from"]?["id"]?.stringValue.flatMap(Int.init) else { return [] }
                    return (input["to"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue.flatMap(Int.init) }.map { (f, $0) }
                }
                return removeAssociations(from, to, pairs: pairs)
            default: break
            }
        default: break
        }
        return HubSpotError(status: 404, category: "OBJECT_NOT_FOUND",
                            message: "No route for \(method) \(call.request.path)").response
    }

    private mutating func serveOAuth(_ request: SandboxRequest, _ seg: [String], at now: Int64) -> SandboxResponse {
        if request.method == "POST", seg == ["oauth", "v1", "token"] {
            return oauth.tokenEndpoint(form: HubSpotOAuth.parseForm(request.body), now: now)
        }
        if request.method == "GET", seg.count == 4, seg[2] == "access-tokens" {
            guard let expiry = oauth.expiry(of: seg[3]), expiry > now else {
                return .json(404, ["status": "error", "message": "Access token not found or expired",
                                   "correlationId": .string(UUID().uuidString.lowercased())])
            }
            return .json(200, ["token": .string(seg[3]), "hub_id": .number(Double(HubSpotEmulator.portalId)),
                               "app_id": .number(Double(Int(HubSpotEmulator.appId)!)), "expires_in": .number(Double((expiry - now) / 1000)),
                               "user_id": 700_000, "token_type": "access", "hub_domain": "dealsync-sandbox.hubspot.com",
                               "scopes": ["crm.objects.deals.read", "crm.objects.deals.write", "crm.objects.contacts.read",
                                          "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write", "oauth"]])
        }
        return HubSpotError(status: 404, category: "OBJECT_NOT_FOUND", message: "No route for \(request.method) \(request.path)").response
    }

    private func unknownType(_ name: String) -> SandboxResponse {
        HubSpotError.validation("Unable to infer object type from: \(name)").response
    }

    static func unauthorized() -> SandboxResponse {
        HubSpotError(status: 401, category: "INVALID_AUTHENTICATION",
                     message: "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview").response
    }

    static func expired(at: Int64, now: Int64) -> SandboxResponse {
        let ago = (now - at) / 1000
        let (n, unit) = ago >= 3600 ? (ago / 3600, "hour") : ago >= 60 ? (ago / 60, "minute") : (ago, "second")
        return HubSpotError(status: 401, category: "EXPIRED_AUTHENTICATION",
                            message: "The OAuth token used to make this call expired \(n) \(unit)(s) ago.",
                            context: ["expire time": [.string(HubSpotTime.iso(millis: at))]]).response
    }

    /// The 429 for `policy`. `exhausted` reports an empty window whatever the limiter counted,
    /// for throttling storms injected from outside.
    func rateLimited(_ policy: HubSpotRateLimiter.Policy, at now: Int64, includeDaily: Bool, exhausted: Bool = false) -> SandboxResponse {
        let id = UUID().uuidString.lowercased()
        var response = SandboxResponse.json(429, HubSpotRateLimiter.limitedBody(policy, correlationId: id))
        if policy != .secondly {
            var left = limiter.remaining(at: now)
            if exhausted { left.window = 0 }
            for (name, value) in limiter.headers(remaining: left.window, dailyRemaining: left.daily, includeDaily: includeDaily) {
                response.setHeader(name, value)
            }
        }
        return response
    }
}
