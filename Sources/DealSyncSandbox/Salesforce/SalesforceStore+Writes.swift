import Foundation

/// Who made a write and when: the stamps every write sets.
struct SFWriteContext: Sendable {
    /// The `User` id written to `CreatedById` / `LastModifiedById`: the integration user for
    /// API calls, a sales rep for simulated human edits.
    var actor: String
    var now: Int64
}

/// Creates, updates and deletes as the platform performs them: field checks, required
/// fields, defaults, derived fields (stage → IsClosed/IsWon/Probability, Contact.Name) and the
/// audit stamps. `prepare…` only builds the new row so sObject Collections can check every
/// record before committing any (`allOrNone`); `put` commits.
extension SalesforceStore {
    mutating func prepareCreate(_ object: SObjectSchema, body: [String: JSONValue],
                                context: SFWriteContext) throws(SFError) -> SFRecord {
        guard object.createable else {
            throw SFError(400, "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "entity type cannot be inserted: \(object.label)")
        }
        var fields = try values(body, object, creating: true)
        for f in object.fields where fields[f.name] == nil {
            if let d = f.defaultPicklistValue { fields[f.name] = .string(d) }
        }
        let missing = object.fields.filter { $0.requiredOnCreate && (fields[$0.name] ?? .null) == .null }
        guard missing.isEmpty else {
            let names = missing.map(\.name)
            throw SFError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(names.joined(separator: ", "))]",
                          fields: names)
        }
        try checkUnique(fields, object, except: nil)
        let id = nextId(for: object)
        let created = SalesforceTime.format(SalesforceTime.truncatedToSecond(context.now))
        fields["Id"] = .string(id)
        fields["IsDeleted"] = .bool(false)
        fields["CreatedDate"] = .string(created)
        fields["CreatedById"] = .string(context.actor)
        if object.field("OwnerId") != nil, (fields["OwnerId"] ?? .null) == .null { fields["OwnerId"] = .string(context.actor) }
        var record = SFRecord(type: object.name, id: id, fields: fields, modstamp: context.now)
        for f in object.fields where record.fields[f.name] == nil { record.fields[f.name] = f.type == .boolean ? .bool(false) : .null }
        derive(&record, object, changed: Set(body.keys.map { $0.lowercased() }), creating: true)
        stamp(&record, context)
        return record
    }

    func prepareUpdate(_ existing: SFRecord, _ object: SObjectSchema, body: [String: JSONValue],
                       context: SFWriteContext) throws(SFError) -> SFRecord {
        guard object.updateable else {
            throw SFError(400, "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "entity type cannot be updated: \(object.label)")
        }
        let changes = try values(body, object, creating: false)
        let cleared = changes.filter { $0.value == .null }.compactMap { object.field($0.key) }.filter { !$0.nillable }
        guard cleared.isEmpty else {
            let names = cleared.map(\.name)
            throw SFError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(names.joined(separator: ", "))]",
                          fields: names)
        }
        try checkUnique(changes, object, except: existing.id)
        var record = existing
        record.fields.merge(changes) { _, new in new }
        derive(&record, object, changed: Set(body.keys.map { $0.lowercased() }), creating: false)
        stamp(&record, context)
        return record
    }

    /// Soft delete: the row stays, with `IsDeleted = true`, for `queryAll` and `getDeleted`.
    /// As on the platform, deleting an account deletes its contacts and opportunities, and
    /// deleting any of those deletes the tasks attached to it; each shows up as a delete.
    mutating func delete(_ existing: SFRecord, context: SFWriteContext) {
        var record = existing
        record.fields["IsDeleted"] = .bool(true)
        stamp(&record, context)
        put(record)
        logDeletion(record, at: record.modstamp)
        for child in dependents(of: record) { delete(child, context: context) }
    }

    /// Scans the child tables: deletes of parents are rare enough that an index per lookup
    /// field would cost more than it saves.
    private func dependents(of record: SFRecord) -> [SFRecord] {
        let links: [(type: String, field: String)] = switch record.type {
        case "Account": [("Contact", "AccountId"), ("Opportunity", "AccountId"), ("Task", "WhatId")]
        case "Opportunity": [("Task", "WhatId")]
        case "Contact": [("Task", "WhoId")]
        default: []
        }
        return links.flatMap { link in
            table(link.type).rows.values.filter { !$0.isDeleted && $0[link.field] == .string(record.id) }
                .sorted { $0.id < $1.id }
        }
    }

    /// Body fields checked and coerced; `attributes` (and `Id`, which composite updates carry
    /// in the body) are not fields to write.
    private func values(_ body: [String: JSONValue], _ object: SObjectSchema,
                        creating: Bool) throws(SFError) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (name, value) in body {
            let lower = name.lowercased()
            if lower == "attributes" || lower == "id" { continue }
            guard let f = object.field(name) else {
                throw SFError(400, "INVALID_FIELD", "No such column '\(name)' on sobject of type \(object.name)", fields: [name])
            }
            guard creating ? f.createable : f.updateable else {
                throw SFError(400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                              "Unable to \(creating ? "create" : "update") fields: \(f.name). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                              fields: [f.name])
            }
            out[f.name] = try coerce(value, for: f)
        }
        return out
    }

    private func checkUnique(_ fields: [String: JSONValue], _ object: SObjectSchema, except id: String?) throws(SFError) {
        for f in object.externalIdFields where f.unique {
            guard let v = fields[f.name]?.stringValue,
                  let other = record(type: object.name, externalField: f.name, value: v), other.id != id else { continue }
            throw SFError(400, "DUPLICATE_VALUE",
                          "duplicate value found: \(f.name) duplicates value on record with id: \(other.id)", fields: [f.name])
        }
    }

    /// Fields the platform computes from others.
    private func derive(_ record: inout SFRecord, _ object: SObjectSchema, changed: Set<String>, creating: Bool) {
        switch object.name {
        case "Opportunity":
            if let stage = record["StageName"].stringValue.flatMap(SalesforceSchema.stage(named:)) {
                record.fields["IsClosed"] = .bool(stage.isClosed)
                record.fields["IsWon"] = .bool(stage.isWon)
                record.fields["ForecastCategoryName"] = .string(stage.forecastCategory)
                let stageChanged = creating || changed.contains("stagename")
                if stageChanged, !changed.contains("probability") || record["Probability"] == .null {
                    record.fields["Probability"] = .number(stage.probability)
                }
            }
            if let amount = record["Amount"].doubleValue, let p = record["Probability"].doubleValue {
                record.fields["ExpectedRevenue"] = .number((amount * p).rounded() / 100)
            } else {
                record.fields["ExpectedRevenue"] = .null
            }
        case "Contact":
            let parts = [record["FirstName"].stringValue, record["LastName"].stringValue].compactMap { $0 }
            record.fields["Name"] = .string(parts.joined(separator: " "))
        case "Task":
            record.fields["IsClosed"] = .bool(record["Status"].stringValue == "Completed")
        default:
            break
        }
    }

    /// Every write moves `LastModifiedDate` and `SystemModstamp` (whole seconds, as stored).
    private func stamp(_ record: inout SFRecord, _ context: SFWriteContext) {
        let now = SalesforceTime.truncatedToSecond(context.now)
        let text = SalesforceTime.format(now)
        record.fields["LastModifiedDate"] = .string(text)
        record.fields["LastModifiedById"] = .string(context.actor)
        record.fields["SystemModstamp"] = .string(text)
        record.modstamp = now
    }
}
