import Foundation

/// How a write's JSON value becomes a stored field value, with the errors the API gives for
/// values it cannot take. Salesforce stores an empty string as null and accepts numbers and
/// booleans written as strings, so those coerce rather than fail.
extension SalesforceStore {
    func coerce(_ value: JSONValue, for f: SFField) throws(SFError) -> JSONValue {
        if value == .null || value == .string("") {
            return f.type == .boolean ? .bool(false) : .null
        }
        if case .array = value { throw parserError(f, "START_ARRAY", "") }
        if case .object = value { throw parserError(f, "START_OBJECT", "") }
        switch f.type {
        case .currency, .double, .percent, .int:
            guard let n = value.doubleValue, n.isFinite else { throw parserError(f, token(value), value.stringValue ?? "") }
            if f.type == .int, n.rounded() != n { throw parserError(f, "VALUE_NUMBER_FLOAT", value.stringValue ?? "") }
            return .number(n)
        case .boolean:
            if let b = value.boolValue { return .bool(b) }
            if case .string(let s) = value, ["true", "false"].contains(s.lowercased()) { return .bool(s.lowercased() == "true") }
            throw parserError(f, token(value), value.stringValue ?? "")
        case .date:
            guard case .string(let s) = value else { throw parserError(f, token(value), value.stringValue ?? "") }
            if SalesforceTime.parseDate(s) != nil { return .string(s) }
            if let m = SalesforceTime.parseDateTime(s) { return .string(SalesforceTime.formatDay(m)) }
            throw parserError(f, "VALUE_STRING", s)
        case .datetime:
            guard case .string(let s) = value, let m = SalesforceTime.parseDateTime(s) else {
                throw parserError(f, token(value), value.stringValue ?? "")
            }
            return .string(SalesforceTime.format(SalesforceTime.truncatedToSecond(m)))
        case .reference, .id:
            return .string(try reference(value.stringValue ?? "", for: f))
        default:
            let s = value.stringValue ?? ""
            if f.length > 0, s.count > f.length {
                throw SFError(400, "STRING_TOO_LONG",
                              "\(f.label): data value too large: \(s.prefix(40))... (max length=\(f.length))", fields: [f.name])
            }
            if f.type == .email, !Self.looksLikeEmail(s) {
                throw SFError(400, "INVALID_EMAIL_ADDRESS", "\(f.label): invalid email address: \(s)", fields: [f.name])
            }
            if f.type == .picklist, f.restrictedPicklist, !f.picklist.contains(s) {
                throw SFError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                              "\(f.label): bad value for restricted picklist field: \(s)", fields: [f.name])
            }
            return .string(s)
        }
    }

    /// A lookup must name an existing, undeleted row of one of the field's target types.
    private func reference(_ raw: String, for f: SFField) throws(SFError) -> String {
        guard let id = SalesforceID.canonical(raw),
              let target = SalesforceSchema.object(forId: id), f.referenceTo.contains(target.name) else {
            throw SFError(400, "MALFORMED_ID", "\(f.label): id value of incorrect type: \(raw)", fields: [f.name])
        }
        guard let row = record(id: id) else {
            throw SFError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", fields: [f.name])
        }
        if row.isDeleted {
            throw SFError(400, "ENTITY_IS_DELETED", "entity is deleted", fields: [f.name])
        }
        return id
    }

    private static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !s.contains(" ")
    }

    private func token(_ value: JSONValue) -> String {
        switch value {
        case .string: "VALUE_STRING"
        case .bool(let b): b ? "VALUE_TRUE" : "VALUE_FALSE"
        case .number(let n): n.rounded() == n ? "VALUE_NUMBER_INT" : "VALUE_NUMBER_FLOAT"
        default: "VALUE_NULL"
        }
    }

    private func parserError(_ f: SFField, _ token: String, _ text: String) -> SFError {
        let javaType = switch f.type {
        case .currency, .double, .percent: "double"
        case .int: "int"
        case .boolean: "boolean"
        case .date: "date"
        case .datetime: "datetime"
        default: "string"
        }
        return .badJSON("Cannot deserialize instance of \(javaType) from \(token) value \(text) or request may be missing a required field")
    }
}
