import Foundation

/// Builds the company's records from the seeded world: the organizations, persons and deals
/// whose `presence` includes Pipedrive, with Pipedrive's own copy of any value the world says it
/// disagrees on (phone, amount). Won and lost deals get that status and keep the stage they closed from.
extension PipedriveState {
    init(world: SeedWorld, options: EmulatorOptions) {
        let fingerprint = Self.fingerprint(world)
        let company = PipedriveCompany(owners: world.owners)
        self.init(company: company, catalog: PipedriveFieldCatalog(fingerprint: fingerprint),
                  auth: PipedriveAuth(fingerprint: fingerprint, now: PipedriveTime.epoch(options.now()),
                                      lifetime: Int(options.tokenLifetime)),
                  limiter: PipedriveRateLimiter(setting: options.rateLimit, dailyLimit: options.dailyLimit),
                  tables: [:], webhooks: PipedriveWebhookRegistry(authUser: "pipedrive-webhook",
                                                                  authPassword: String(PipedriveAuth.derive("webhook_password", from: fingerprint).prefix(24))))
        seed(world)
    }

    /// A digest of the world, so keys and tokens follow the seed.
    static func fingerprint(_ world: SeedWorld) -> String {
        var text = "pipedrive|\(world.companies.count)|\(world.contacts.count)|\(world.deals.count)"
        for deal in world.deals.prefix(3) { text += "|\(deal.key)|\(deal.name)|\(deal.amount)" }
        for company in world.companies.prefix(3) { text += "|\(company.key)|\(company.name)" }
        for contact in world.contacts.prefix(3) { text += "|\(contact.key)|\(contact.email)" }
        return text
    }

    private mutating func seed(_ world: SeedWorld) {
        let base = world.deals.map { PipedriveTime.epoch($0.createdAt) }.min() ?? PipedriveCompany.setupTime + 365 * 86_400
        let defaultOwner = company.users.count > 1 ? company.users[1].id : company.integrationUser.id
        func owner(_ index: Int) -> JSONValue {
            .number(Double(company.users.count > 1 ? company.users[1 + index % (company.users.count - 1)].id : defaultOwner))
        }

        var orgIDs: [String: Int] = [:]
        var orgs: [PipedriveRecord] = []
        let companies = world.companies.filter { $0.presence.contains(.pipedrive) }
        for (index, c) in companies.enumerated() {
            let id = index + 1
            orgIDs[c.key] = id
            let added = base - (companies.count - index) * 3_600
            orgs.append(PipedriveRecord(id: id, fields: [
                "name": .string(c.name), "owner_id": owner(index), "visible_to": 3, "label_ids": [],
                "address": ["value": .string("\(c.city), \(c.country)"), "locality": .string(c.city), "country": .string(c.country)],
                "website": .string("https://\(c.domain)"), "employee_count": .number(Double(c.employees)),
            ], custom: [:], addTime: added, updateTime: added + (index % 5) * 86_400, isDeleted: false))
        }
        tables[.organization, default: PipedriveTable()].load(orgs)

        var personIDs: [String: Int] = [:]
        var persons: [PipedriveRecord] = []
        let contacts = world.contacts.filter { $0.presence.contains(.pipedrive) }
        for (index, c) in contacts.enumerated() {
            let id = index + 1
            personIDs[c.key] = id
            let added = base - (contacts.count - index) * 1_800
            let phone = c.phoneOverrides[.pipedrive] ?? c.phone
            persons.append(PipedriveRecord(id: id, fields: [
                "name": .string("\(c.firstName) \(c.lastName)"), "first_name": .string(c.firstName), "last_name": .string(c.lastName),
                "owner_id": owner(index), "org_id": orgIDs[c.companyKey].map { .number(Double($0)) } ?? .null,
                "emails": [["value": .string(c.email), "primary": true, "label": "work"]],
                "phones": [["value": .string(phone), "primary": true, "label": "work"]],
                "job_title": .string(c.title), "visible_to": 3, "label_ids": [],
            ], custom: [:], addTime: added, updateTime: added + (index % 7) * 43_200, isDeleted: false))
        }
        tables[.person, default: PipedriveTable()].load(persons)

        var deals: [PipedriveRecord] = []
        for (index, d) in world.deals.filter({ $0.presence.contains(.pipedrive) }).enumerated() {
            let amount = NSDecimalNumber(decimal: d.amountOverrides[.pipedrive] ?? d.amount).doubleValue
            let ownerID = company.user(email: d.ownerEmail)?.id ?? defaultOwner
            let stageID = d.stage.isClosed ? company.stageID(for: d.history.last { !$0.stage.isClosed }?.stage ?? d.stage)
                                           : company.stageID(for: d.stage)
            let closedAt = d.history.last { $0.stage.isClosed }.map { PipedriveTime.epoch($0.at) } ?? PipedriveTime.epoch(d.modifiedAt)
            let stageChanged = d.history.last { !$0.stage.isClosed }.map { PipedriveTime.epoch($0.at) } ?? PipedriveTime.epoch(d.createdAt)
            let status = d.stage == .closedWon ? "won" : d.stage == .closedLost ? "lost" : "open"
            var fields: [String: JSONValue] = [
                "title": .string(d.name), "creator_user_id": .number(Double(ownerID)), "owner_id": .number(Double(ownerID)),
                "value": .number((amount * 100).rounded() / 100), "currency": .string(d.currency),
                "pipeline_id": 1, "stage_id": .number(Double(stageID)), "status": .string(status),
                "probability": .number(Double(d.probability)), "expected_close_date": .string(d.closeDate),
                "stage_change_time": .number(Double(stageChanged)), "is_archived": false, "visible_to": 3, "label_ids": [],
                "origin": "ManuallyCreated",
                "person_id": d.contactKeys.lazy.compactMap { personIDs[$0] }.first.map { .number(Double($0)) } ?? .null,
                "org_id": orgIDs[d.companyKey].map { .number(Double($0)) } ?? .null,
            ]
            if status != "open" {
                fields[status == "won" ? "won_time" : "lost_time"] = .number(Double(closedAt))
                fields["close_time"] = .number(Double(closedAt))
            }
            deals.append(PipedriveRecord(id: index + 1, fields: fields, custom: [:], addTime: PipedriveTime.epoch(d.createdAt),
                                         updateTime: max(PipedriveTime.epoch(d.modifiedAt), PipedriveTime.epoch(d.createdAt)),
                                         isDeleted: false))
        }
        tables[.deal, default: PipedriveTable()].load(deals)
    }
}
