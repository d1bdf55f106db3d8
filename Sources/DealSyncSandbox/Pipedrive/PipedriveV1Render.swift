import Foundation

/// API v1 shapes: `YYYY-MM-DD HH:MM:SS` times, owner/person/organization as nested objects
/// (flat ids inside `/v1/recents`), custom fields at the top level under their hash keys.
extension PipedriveState {
    func v1(_ entity: PipedriveEntity, _ r: PipedriveRecord, flat: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = ["id": .number(Double(r.id)), "add_time": .string(PipedriveTime.v1(r.addTime)),
                                      "update_time": .string(PipedriveTime.v1(r.updateTime)),
                                      "visible_to": .string(r.fields["visible_to"]?.stringValue ?? "3"),
                                      "label_ids": r.fields["label_ids"] ?? [], "cc_email": .string(ccEmail(entity, r.id))]
        let ownerID = r.int("owner_id") ?? company.integrationUser.id
        let ownerName = JSONValue.string(company.user(ownerID)?.name ?? "")
        switch entity {
        case .deal:
            let stage = company.stage(r.int("stage_id") ?? 0)
            let value = r.fields["value"]?.doubleValue ?? 0
            let probability = r.fields["probability"]?.doubleValue ?? Double(stage?.probability ?? 100)
            let currency = r.string("currency") ?? "USD"
            let person = r.int("person_id").flatMap { record(.person, $0) }
            let org = r.int("org_id").flatMap { record(.organization, $0) }
            o["creator_user_id"] = flat ? r.fields["creator_user_id"] ?? .null : company.v1UserRef(r.int("creator_user_id") ?? ownerID)
            o["user_id"] = flat ? .number(Double(ownerID)) : company.v1UserRef(ownerID)
            o["person_id"] = person.map { flat ? .number(Double($0.id)) : v1PersonRef($0) } ?? .null
            o["org_id"] = org.map { flat ? .number(Double($0.id)) : v1OrgRef($0) } ?? .null
            for key in ["stage_id", "pipeline_id", "title", "value", "currency", "status", "probability", "lost_reason",
                        "expected_close_date", "is_archived", "origin", "origin_id", "channel", "channel_id", "acv", "arr", "mrr"] {
                o[key] = r.fields[key] ?? .null
            }
            for key in PipedriveRecord.timeFields {
                o[key] = r.fields[key]?.intValue.map { .string(PipedriveTime.v1($0)) } ?? .null
            }
            o["first_won_time"] = o["won_time"]
            o["active"] = .bool(!r.isDeleted && r.string("status") == "open")
            o["deleted"] = .bool(r.isDeleted)
            o["stage_order_nr"] = stage.map { .number(Double($0.orderNr)) } ?? .null
            o["person_name"] = person?.fields["name"] ?? .null
            o["org_name"] = org?.fields["name"] ?? .null
            o["owner_name"] = ownerName
            o["formatted_value"] = .string(Self.formatted(value, currency))
            o["weighted_value"] = .number((value * probability).rounded() / 100)
            o["formatted_weighted_value"] = .string(Self.formatted(value * probability / 100, currency))
            o["weighted_value_currency"] = .string(currency)
            o["label"] = .null
            o["rotten_time"] = .null
            o["org_hidden"] = false
            o["person_hidden"] = false
            for key in ["next_activity_date", "next_activity_time", "next_activity_id", "last_activity_id", "last_activity_date",
                        "next_activity_subject", "next_activity_type", "next_activity_duration", "next_activity_note",
                        "last_incoming_mail_time", "last_outgoing_mail_time"] { o[key] = .null }
            for key in ["products_count", "files_count", "notes_count", "followers_count", "email_messages_count", "activities_count",
                        "done_activities_count", "undone_activities_count", "participants_count"] { o[key] = 0 }
        case .person:
            let org = r.int("org_id").flatMap { record(.organization, $0) }
            let emails = r.fields["emails"]?.arrayValue ?? []
            let name = r.string("name") ?? ""
            o["company_id"] = .number(Double(PipedriveCompany.companyID))
            o["owner_id"] = flat ? .number(Double(ownerID)) : company.v1UserRef(ownerID)
            o["org_id"] = org.map { flat ? .number(Double($0.id)) : v1OrgRef($0) } ?? .null
            o["name"] = .string(name)
            o["first_name"] = r.fields["first_name"] ?? .null
            o["last_name"] = r.fields["last_name"] ?? .null
            o["email"] = emails.isEmpty ? [["value": "", "primary": true]] : .array(emails)
            o["phone"] = (r.fields["phones"]?.arrayValue ?? []).isEmpty ? [["value": "", "primary": true]] : r.fields["phones"]!
            o["primary_email"] = (emails.first { $0["primary"]?.boolValue == true } ?? emails.first)?["value"] ?? .null
            o["first_char"] = .string(name.prefix(1).lowercased())
            o["job_title"] = r.fields["job_title"] ?? .null
            o["org_name"] = org?.fields["name"] ?? .null
            o["owner_name"] = ownerName
            o["active_flag"] = .bool(!r.isDeleted)
            o["picture_id"] = .null
            o["label"] = .null
            o["marketing_status"] = "no_consent"
            for key in ["open_deals_count", "closed_deals_count", "won_deals_count", "lost_deals_count", "activities_count",
                        "done_activities_count", "undone_activities_count", "email_messages_count", "files_count", "notes_count",
                        "followers_count"] { o[key] = 0 }
        case .organization:
            let address = r.fields["address"]
            o["company_id"] = .number(Double(PipedriveCompany.companyID))
            o["owner_id"] = flat ? .number(Double(ownerID)) : company.v1UserRef(ownerID)
            o["name"] = r.fields["name"] ?? .null
            o["address"] = address?["value"] ?? .null
            for part in ["subpremise", "street_number", "route", "sublocality", "locality", "admin_area_level_1",
                         "admin_area_level_2", "country", "postal_code"] {
                o["address_" + part] = address?[part] ?? .null
            }
            o["address_formatted_address"] = address?["value"] ?? .null
            o["website"] = r.fields["website"] ?? .null
            o["employee_count"] = r.fields["employee_count"] ?? .null
            o["owner_name"] = ownerName
            o["active_flag"] = .bool(!r.isDeleted)
            o["first_char"] = .string((r.string("name") ?? "").prefix(1).lowercased())
            o["label"] = .null
            o["country_code"] = .null
            for key in ["open_deals_count", "closed_deals_count", "won_deals_count", "lost_deals_count", "people_count",
                        "activities_count", "email_messages_count", "files_count", "notes_count", "followers_count"] { o[key] = 0 }
        }
        for field in catalog.customFields(of: entity) { o[field.code] = r.custom[field.code] ?? .null }
        return .object(o)
    }

    /// `related_objects` of a v1 reply: the users, persons and organizations its records point at.
    func v1Related(_ entity: PipedriveEntity, _ records: [PipedriveRecord]) -> JSONValue {
        var users: [String: JSONValue] = [:], persons: [String: JSONValue] = [:], orgs: [String: JSONValue] = [:]
        for r in records {
            if let id = r.int("owner_id"), case .object(var ref) = company.v1UserRef(id) {
                ref.removeValue(forKey: "value")
                users[String(id)] = .object(ref)
            }
            if entity == .deal, let id = r.int("person_id"), let p = record(.person, id), case .object(var ref) = v1PersonRef(p) {
                ref.removeValue(forKey: "value"); ref["id"] = .number(Double(id)); persons[String(id)] = .object(ref)
            }
            if entity != .organization, let id = r.int("org_id"), let org = record(.organization, id), case .object(var ref) = v1OrgRef(org) {
                ref.removeValue(forKey: "value"); ref["id"] = .number(Double(id)); orgs[String(id)] = .object(ref)
            }
        }
        return ["user": .object(users), "person": .object(persons), "organization": .object(orgs)]
    }

    private func v1PersonRef(_ p: PipedriveRecord) -> JSONValue {
        ["active_flag": .bool(!p.isDeleted), "name": p.fields["name"] ?? .null, "email": p.fields["emails"] ?? [],
         "phone": p.fields["phones"] ?? [], "owner_id": p.fields["owner_id"] ?? .null, "value": .number(Double(p.id))]
    }

    private func v1OrgRef(_ o: PipedriveRecord) -> JSONValue {
        ["name": o.fields["name"] ?? .null, "people_count": 0, "owner_id": o.fields["owner_id"] ?? .null,
         "address": o.fields["address"]?["value"] ?? .null, "active_flag": .bool(!o.isDeleted),
         "cc_email": .string(ccEmail(.organization, o.id)), "value": .number(Double(o.id))]
    }

    private func ccEmail(_ entity: PipedriveEntity, _ id: Int) -> String {
        "\(PipedriveCompany.domain)+\(entity.rawValue)\(id)@pipedrivemail.com"
    }

    private static func formatted(_ value: Double, _ currency: String) -> String {
        let symbol = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"][currency] ?? currency + " "
        let whole = Int(value.rounded())
        let digits = String(abs(whole))
        var grouped = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(char)
        }
        return (whole < 0 ? "-" : "") + symbol + grouped
    }
}
