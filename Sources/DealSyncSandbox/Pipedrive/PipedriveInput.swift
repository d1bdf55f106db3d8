import Foundation

/// A validated set of field changes for one record, in stored form (v2 keys, epoch times).
struct PipedriveInput: Sendable {
    var fields: [String: JSONValue] = [:]
    var custom: [String: JSONValue] = [:]
}

/// API v2 request bodies, checked the way v2 checks them: ids are numbers, booleans are
/// booleans, a field is cleared with `null`, and referenced users, persons, organizations and
/// stages must exist. Keys v2 does not know are ignored.
extension PipedriveState {
    func v2Input(_ entity: PipedriveEntity, _ body: [String: JSONValue], creating: Bool) throws(PipedriveAPIError) -> PipedriveInput {
        var input = PipedriveInput()
        let nameKey = entity == .deal ? "title" : "name"
        if creating || body[nameKey] != nil {
            guard case .string(let name)? = body[nameKey], !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .badRequest("Validation failed: \(nameKey): Required")
            }
            input.fields[nameKey] = .string(name)
        }
        for (key, value) in body where key != nameKey {
            if key == "custom_fields" {
                guard case .object(let custom) = value else { throw .badRequest("Validation failed: custom_fields: Expected object") }
                for (hash, customValue) in custom {
                    guard let field = catalog.customField(entity, key: hash) else {
                        throw .badRequest("Validation failed: custom_fields: Unknown custom field key '\(hash)'")
                    }
                    input.custom[hash] = try catalog.validate(customValue, for: field)
                }
                continue
            }
            if let stored = try standardField(entity, key, value) { input.fields[key] = stored }
        }
        return input
    }

    /// Validates one standard field; nil means v2 does not take this key.
    private func standardField(_ entity: PipedriveEntity, _ key: String, _ value: JSONValue) throws(PipedriveAPIError) -> JSONValue? {
        switch (entity, key) {
        case (_, "owner_id"):
            let id = try integer(key, value, nullable: false)
            guard company.user(id!) != nil else { throw .badRequest("User with id \(id!) not found") }
            return value
        case (.deal, "person_id"), (.deal, "org_id"), (.person, "org_id"):
            guard let id = try integer(key, value, nullable: true) else { return .null }
            let target: PipedriveEntity = key == "person_id" ? .person : .organization
            guard let linked = record(target, id), !linked.isDeleted else { throw .notFound(target) }
            return value
        case (.deal, "stage_id"):
            let id = try integer(key, value, nullable: false)!
            guard company.stage(id) != nil else { throw PipedriveAPIError(status: 404, message: "Stage not found") }
            return value
        case (.deal, "pipeline_id"):
            let id = try integer(key, value, nullable: false)!
            guard company.pipeline(id) != nil else { throw PipedriveAPIError(status: 404, message: "Pipeline not found") }
            return value
        case (.deal, "value"), (.deal, "acv"), (.deal, "arr"), (.deal, "mrr"), (.organization, "annual_revenue"):
            if value.isNull, key != "value" { return .null }
            guard case .number = value else { throw .badRequest("Validation failed: \(key): Expected number") }
            return value
        case (.deal, "probability"):
            if value.isNull { return .null }
            guard case .number(let p) = value, (0...100).contains(p) else {
                throw .badRequest("Validation failed: probability: Expected number between 0 and 100")
            }
            return value
        case (.deal, "currency"):
            guard case .string(let c) = value, c.count == 3, c.allSatisfy({ $0.isLetter }) else {
                throw .badRequest("Validation failed: currency: Expected 3-letter currency code")
            }
            return .string(c.uppercased())
        case (.deal, "status"):
            guard case .string(let s) = value, ["open", "won", "lost"].contains(s) else {
                throw .badRequest("Validation failed: status: Expected one of open, won, lost")
            }
            return value
        case (.deal, "expected_close_date"):
            if value.isNull { return .null }
            guard case .string(let d) = value, PipedriveTime.isCalendarDate(d) else {
                throw .badRequest("Validation failed: expected_close_date: Expected date in format YYYY-MM-DD")
            }
            return value
        case (.deal, "close_time"), (.deal, "won_time"), (.deal, "lost_time"):
            if value.isNull { return .null }
            guard case .string(let t) = value, let epoch = PipedriveTime.parseRFC3339(t) else {
                throw .badRequest("Validation failed: \(key): Expected RFC 3339 date-time")
            }
            return .number(Double(epoch))
        case (.deal, "is_archived"):
            guard case .bool = value else { throw .badRequest("Validation failed: is_archived: Expected boolean") }
            return value
        case (_, "visible_to"):
            guard let v = try integer(key, value, nullable: false), [1, 3, 5, 7].contains(v) else {
                throw .badRequest("Validation failed: visible_to: Expected one of 1, 3, 5, 7")
            }
            return value
        case (_, "label_ids"):
            guard case .array(let ids) = value, ids.allSatisfy({ $0.intValue != nil && !($0.stringValue?.contains(".") ?? false) }) else {
                throw .badRequest("Validation failed: label_ids: Expected array of integers")
            }
            return value
        case (.deal, "lost_reason"), (.person, "job_title"), (.person, "notes"), (.person, "birthday"),
             (.organization, "website"), (.organization, "linkedin"):
            if value.isNull { return .null }
            guard case .string = value else { throw .badRequest("Validation failed: \(key): Expected string") }
            return value
        case (.organization, "industry"), (.organization, "employee_count"):
            return try integer(key, value, nullable: true).map { .number(Double($0)) } ?? .null
        case (.person, "emails"), (.person, "phones"), (.person, "im"):
            return try contactList(key, value)
        case (.organization, "address"), (.person, "postal_address"):
            if value.isNull { return .null }
            guard case .object(let address) = value, address.values.allSatisfy({ $0.isNull || $0.stringValue != nil }) else {
                throw .badRequest("Validation failed: \(key): Expected address object")
            }
            return value
        default:
            return nil
        }
    }

    private func integer(_ key: String, _ value: JSONValue, nullable: Bool) throws(PipedriveAPIError) -> Int? {
        if value.isNull {
            if nullable { return nil }
            throw .badRequest("Validation failed: \(key): Expected integer, received null")
        }
        guard case .number(let n) = value, n.rounded() == n else {
            throw .badRequest("Validation failed: \(key): Expected integer")
        }
        return Int(n)
    }

    /// `emails`/`phones`: `[{value, primary, label}]`, exactly one primary.
    private func contactList(_ key: String, _ value: JSONValue) throws(PipedriveAPIError) -> JSONValue {
        guard case .array(let items) = value else { throw .badRequest("Validation failed: \(key): Expected array") }
        var result: [JSONValue] = []
        for (index, item) in items.enumerated() {
            guard case .string(let v)? = item["value"] else {
                throw .badRequest("Validation failed: \(key)[\(index)].value: Required")
            }
            let primary = item["primary"]?.boolValue ?? (index == 0)
            let label = item["label"]?.stringValue ?? "work"
            result.append(["value": .string(v), "primary": .bool(primary), "label": .string(label)])
        }
        return .array(result)
    }
}
