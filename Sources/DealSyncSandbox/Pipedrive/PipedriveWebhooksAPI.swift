import Foundation

/// `GET/POST /v1/webhooks`, `DELETE /v1/webhooks/{id}`, with the webhook API's own
/// `{"status":"error","success":false,"errors":{field:[…]}}` validation shape.
extension PipedriveState {
    mutating func v1Webhooks(_ request: SandboxRequest, _ rest: ArraySlice<String>, now: Date) throws(PipedriveAPIError) -> SandboxResponse {
        switch (request.method, rest.first) {
        case ("GET", nil):
            return .json(200, ["status": "ok", "success": true, "data": .array(webhooks.hooks.map(webhooks.v1))])
        case ("POST", nil):
            guard let body = request.json?.objectValue else { return Self.webhookErrors(["subscription_url": "required"]) }
            var errors: [String: String] = [:]
            let url = body["subscription_url"]?.stringValue ?? ""
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) || URL(string: url)?.host == nil {
                errors["subscription_url"] = "invalid or non-reachable URL"
            }
            let actions = ["create": "create", "change": "change", "delete": "delete", "*": "*",
                           "added": "create", "updated": "change", "deleted": "delete"]
            let action = body["event_action"]?.stringValue.flatMap { actions[$0] }
            if action == nil { errors["event_action"] = "invalid value" }
            let objects: Set<String> = ["activity", "deal", "lead", "note", "organization", "person", "pipeline", "product",
                                        "stage", "user", "*"]
            let object = body["event_object"]?.stringValue
            if object.map(objects.contains) != true { errors["event_object"] = "invalid value" }
            let version = body["version"]?.stringValue ?? "2.0"
            if !["1.0", "2.0"].contains(version) { errors["version"] = "invalid value" }
            if webhooks.hooks.count >= PipedriveWebhookRegistry.maxPerUser { errors["subscription_url"] = "webhook limit reached" }
            guard errors.isEmpty, let action, let object else { return Self.webhookErrors(errors) }
            let hook = webhooks.add(PipedriveWebhook(
                id: 0, subscriptionURL: url, eventAction: action, eventObject: object, name: body["name"]?.stringValue ?? "",
                version: version, userID: body["user_id"]?.intValue ?? company.integrationUser.id,
                httpAuthUser: body["http_auth_user"]?.stringValue, httpAuthPassword: body["http_auth_password"]?.stringValue,
                addTime: now))
            return .json(201, ["status": "ok", "success": true, "data": webhooks.v1(hook)])
        case ("DELETE", let idText?):
            guard let id = Int(idText), webhooks.remove(id: id) else {
                return .json(404, ["status": "error", "success": false, "errors": ["id": ["not found"]]])
            }
            return .json(200, ["status": "ok", "success": true])
        default:
            throw .unknownMethod
        }
    }

    private static func webhookErrors(_ errors: [String: String]) -> SandboxResponse {
        .json(400, ["status": "error", "success": false,
                    "errors": .object(errors.mapValues { .array([.string($0)]) })])
    }
}
