import Foundation

/// `{prefix}/__sandbox/…`: the routes tests and scripts use to watch and steer a service.
extension ServiceHost {
    func control(_ request: SandboxRequest) async -> SandboxResponse {
        let route = request.segments.dropFirst().first ?? ""
        switch (request.method, route) {
        case ("GET", "requests"):
            let since = request.queryValue("since").flatMap(Int.init) ?? 0
            return .json(200, .array(requests(since: since).map(\.json)))
        case ("DELETE", "requests"):
            clearRequests()
            return SandboxResponse(status: 204)
        case ("GET", "faults"):
            return .json(200, .array(faults.map(\.json)))
        case ("POST", "faults"), ("PUT", "faults"):
            do {
                guard let body = request.json else { throw FaultRuleError("the body must be a fault object or an array of them") }
                let rules = try (body.arrayValue ?? [body]).map(FaultRule.init(json:))
                if request.method == "PUT" { setFaults(rules) } else { rules.forEach(addFault) }
                return .json(200, .array(faults.map(\.json)))
            } catch {
                return Self.controlError(400, "\(error)")
            }
        case ("DELETE", "faults"):
            clearFaults()
            return SandboxResponse(status: 204)
        case ("POST", "edit"):
            return await edit(request)
        case ("POST", "webhook"), ("PUT", "webhook"):
            guard let seeded else { return Self.controlError(404, "\(service) sends no webhooks") }
            guard let body = request.json?.objectValue, let url = body["url"] else {
                return Self.controlError(400, "expected {\"url\": \"http://…\"} or {\"url\": null}")
            }
            await seeded.setWebhookTarget(url.stringValue)
            return .json(200, ["url": url])
        default:
            // Emulator-specific control routes (Slack's received messages, …).
            return await emulator.handle(request)
        }
    }

    private func edit(_ request: SandboxRequest) async -> SandboxResponse {
        guard let seeded else { return Self.controlError(404, "\(service) has no records to edit") }
        guard let body = request.json?.objectValue, let object = body["object"]?.stringValue else {
            return Self.controlError(400, "expected {\"object\": …, \"id\": …, \"fields\": {…}, \"delete\": false}")
        }
        let edit = SandboxEdit(object: object, id: body["id"].flatMap { $0.isNull ? nil : $0.stringValue },
                               fields: body["fields"]?.objectValue ?? [:], delete: body["delete"]?.boolValue ?? false)
        do {
            return .json(200, try await seeded.applyHumanEdit(edit))
        } catch {
            return Self.controlError(400, "\(error)")
        }
    }

    static func controlError(_ status: Int, _ message: String) -> SandboxResponse {
        .json(status, ["error": .string(message)])
    }
}
