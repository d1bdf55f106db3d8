/// Read-only portal metadata: property definitions, the deal pipeline, owners.
extension HubSpotState {
    func listProperties(_ type: HubSpotObjectType) -> SandboxResponse {
        .json(200, ["results": .array(schema.ordered[type, default: []].map { $0.json(createdAt: portalCreatedAt) })])
    }

    func readProperty(_ type: HubSpotObjectType, _ name: String) -> SandboxResponse {
        guard let p = schema.property(type, name) else {
            return HubSpotError.notFound("Unable to find property \(name) for object type \(type.typeId)").response
        }
        return .json(200, p.json(createdAt: portalCreatedAt))
    }

    func listPipelines(_ objectType: String, id: String?) -> SandboxResponse {
        guard HubSpotObjectType(path: objectType) == .deals else {
            return HubSpotError.validation("Pipelines are served for deals only in this portal.").response
        }
        if let id {
            guard id == pipeline.id else { return HubSpotError.notFound("Unable to find pipeline \(id).").response }
            return .json(200, pipeline.json(createdAt: portalCreatedAt))
        }
        return .json(200, ["results": [pipeline.json(createdAt: portalCreatedAt)]])
    }

    func listOwners(_ call: HubSpotCall) -> SandboxResponse {
        let email = call.request.queryValue("email")?.lowercased()
        let rows = owners.indices.filter { email == nil || owners[$0].owner.email.lowercased() == email }.map(ownerJSON)
        return .json(200, ["results": .array(rows)])
    }

    /// `GET /crm/v3/owners/{ownerId}`
    func readOwner(_ id: String) -> SandboxResponse {
        guard let i = owners.firstIndex(where: { $0.id == id }) else {
            return HubSpotError.notFound("Owner \(id) not found.", context: ["id": [.string(id)]]).response
        }
        return .json(200, ownerJSON(i))
    }

    private func ownerJSON(_ i: Int) -> JSONValue {
        let o = owners[i]
        let parts = o.owner.name.split(separator: " ", maxSplits: 1).map(String.init)
        return [
            "id": .string(o.id), "email": .string(o.owner.email), "firstName": .string(parts.first ?? ""),
            "lastName": .string(parts.count > 1 ? parts[1] : ""), "userId": .number(Double(700_000 + i)), "type": "PERSON",
            "createdAt": .string(portalCreatedAt), "updatedAt": .string(portalCreatedAt), "archived": false, "teams": [],
        ]
    }

    /// `GET /account-info/v3/details`: the portal's id, time zone (daily limits reset at its
    /// midnight; UTC here) and currency.
    func accountDetails() -> SandboxResponse {
        .json(200, ["portalId": .number(Double(HubSpotEmulator.portalId)), "accountType": "STANDARD", "timeZone": "Etc/UTC",
                    "companyCurrency": "USD", "additionalCurrencies": ["EUR", "GBP"], "utcOffset": "+00:00",
                    "utcOffsetMilliseconds": 0, "uiDomain": "app.hubspot.com", "dataHostingLocation": "na1"])
    }
}
