import Foundation

/// Loads the seeded world's HubSpot share: entities whose `presence` contains `.hubspot`, with
/// the HubSpot-specific overrides (a stale amount, another phone number) applied.
extension HubSpotState {
    /// Contacts and companies carry no stamps in the seed; they are dated a month before the
    /// earliest deal, one minute apart in seed order, so a seed always gives the same stamps.
    static func baseMillis(_ world: SeedWorld) -> Int64 {
        let earliest = world.deals.map(\.createdAt).min() ?? Date(timeIntervalSince1970: 1_704_067_200)
        return HubSpotTime.millis(earliest) - 30 * 86_400_000
    }

    /// Seeded records were typed in by the sales team.
    static let seedActor = HubSpotActor(changeSource: "CRM_UI", sourceId: "userId:700000")

    mutating func seed(_ world: SeedWorld) {
        let base = Self.baseMillis(world)
        var companyIds: [String: Int] = [:], contactIds: [String: Int] = [:]
        let ownerIds = Dictionary(owners.map { ($0.owner.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        for (i, c) in world.companies.enumerated() where c.presence.contains(.hubspot) {
            let at = base + Int64(i) * 60_000
            let r = stores[.companies]!.insert(properties: [
                "name": c.name, "domain": c.domain, "website": "https://www.\(c.domain)", "industry": c.industry,
                "numberofemployees": String(c.employees), "city": c.city, "country": c.country,
            ], at: at, by: Self.seedActor, deferSort: true)
            companyIds[c.key] = r.id
        }
        let companies = Dictionary(world.companies.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, c) in world.contacts.enumerated() where c.presence.contains(.hubspot) {
            let at = base + Int64(i) * 60_000 + 30_000
            var props = [
                "firstname": c.firstName, "lastname": c.lastName, "email": c.email, "phone": c.phoneOverrides[.hubspot] ?? c.phone,
                "jobtitle": c.title,
            ]
            if let company = companies[c.companyKey] { props["company"] = company.name }
            if let companyId = companyIds[c.companyKey] { props["associatedcompanyid"] = String(companyId) }
            guard store(.contacts).lookup(unique: "email", value: c.email) == nil else { continue }
            let r = stores[.contacts]!.insert(properties: props, at: at, by: Self.seedActor, deferSort: true)
            contactIds[c.key] = r.id
            if let companyId = companyIds[c.companyKey] {
                associations.add(HubSpotObjectRef(type: .contacts, id: r.id), HubSpotObjectRef(type: .companies, id: companyId), typeIds: [1, 279])
            }
        }
        for d in world.deals where d.presence.contains(.hubspot) {
            let stage = HubSpotPipeline.stageId(for: d.stage)
            var props = [
                "dealname": d.name, "amount": "\(d.amountOverrides[.hubspot] ?? d.amount)", "deal_currency_code": d.currency,
                "dealstage": stage, "pipeline": pipeline.id,
                "closedate": HubSpotTime.iso(millis: HubSpotTime.parse(d.closeDate) ?? HubSpotTime.millis(d.createdAt)),
            ]
            if let owner = ownerIds[d.ownerEmail.lowercased()] { props["hubspot_owner_id"] = owner }
            props.merge(validation.derived(.deals, merged: props)) { _, n in n }
            let r = stores[.deals]!.insert(properties: props, at: HubSpotTime.millis(d.modifiedAt),
                                               created: HubSpotTime.millis(d.createdAt), by: Self.seedActor, deferSort: true)
            let deal = HubSpotObjectRef(type: .deals, id: r.id)
            if let companyId = companyIds[d.companyKey] {
                associations.add(deal, HubSpotObjectRef(type: .companies, id: companyId), typeIds: [5, 341])
            }
            for key in d.contactKeys {
                if let contactId = contactIds[key] { associations.add(deal, HubSpotObjectRef(type: .contacts, id: contactId), typeIds: [3]) }
            }
        }
        for type in HubSpotObjectType.allCases { stores[type]!.sortIndex() }
    }
}
