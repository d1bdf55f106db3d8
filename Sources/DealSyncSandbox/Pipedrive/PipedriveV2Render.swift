import Foundation

/// API v2 and webhook v2 shapes of stored records.
extension PipedriveState {
    /// The v2 API object. `customKeys` narrows `custom_fields` (the `custom_fields` query
    /// parameter); `include` adds optional fields (`include_fields`).
    func v2(_ entity: PipedriveEntity, _ record: PipedriveRecord, customKeys: Set<String>? = nil,
            include: Set<String> = []) -> JSONValue {
        var object: [String: JSONValue] = ["id": .number(Double(record.id)),
                                           "add_time": .string(PipedriveTime.rfc3339(record.addTime)),
                                           "update_time": .string(PipedriveTime.rfc3339(record.updateTime)),
                                           "is_deleted": .bool(record.isDeleted)]
        for key in PipedriveSchema.v2Keys(entity) {
            object[key] = v2Value(key, record.fields[key])
        }
        var custom: [String: JSONValue] = [:]
        for field in catalog.customFields(of: entity) where customKeys?.contains(field.code) ?? true {
            custom[field.code] = record.custom[field.code] ?? .null
        }
        object["custom_fields"] = .object(custom)
        for key in include { object[key] = includedValue(key, entity, record) }
        return .object(object)
    }

    /// The webhook v2 `data` object: the v2 fields, with each custom field as `{type, value}`.
    func webhookData(_ entity: PipedriveEntity, _ record: PipedriveRecord) -> [String: JSONValue] {
        guard case .object(var object) = v2(entity, record) else { return [:] }
        var custom: [String: JSONValue] = [:]
        for field in catalog.customFields(of: entity) {
            if let value = record.custom[field.code], !value.isNull {
                custom[field.code] = ["type": .string(field.type), "value": value]
            } else {
                custom[field.code] = .null
            }
        }
        object["custom_fields"] = .object(custom)
        return object
    }

    private func v2Value(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard let value else { return key == "label_ids" ? [] : .null }
        if PipedriveRecord.timeFields.contains(key), let epoch = value.intValue {
            return .string(PipedriveTime.rfc3339(epoch))
        }
        return value
    }

    private func includedValue(_ key: String, _ entity: PipedriveEntity, _ record: PipedriveRecord) -> JSONValue {
        switch key {
        case "first_won_time": return v2Value("won_time", record.fields["won_time"])
        case "source_lead_id": return record.fields["source_lead_id"] ?? .null
        case "smart_bcc_email": return .string("\(PipedriveCompany.domain)+\(entity.rawValue)\(record.id)@pipedrivemail.com")
        case "marketing_status": return "no_consent"
        case "doi_status": return .null
        case "people_count":
            var count = 0
            table(.person).walk(sortedBy: .id, ascending: true) { person in
                if !person.isDeleted, person.int("org_id") == record.id { count += 1 }
                return .skip
            }
            return .number(Double(count))
        default:
            return key.hasSuffix("_count") ? 0 : .null
        }
    }
}
