import Foundation

/// Activities: calls, meetings, tasks, emails… linked to a deal, person or organization. They
/// have their own id sequence and, unlike deals, persons and organizations, no custom fields.
/// Stored as `PipedriveRecord`s in their own table (fields in v2 form, `done` a boolean).
enum PipedriveActivityRules {
    /// The activity types a new company has (`GET /v1/activityTypes` key strings).
    static let types: [(key: String, name: String)] = [
        ("call", "Call"), ("meeting", "Meeting"), ("task", "Task"), ("deadline", "Deadline"), ("email", "Email"), ("lunch", "Lunch"),
    ]

    /// v2 field order, for rendering.
    static let v2Keys = ["subject", "type", "owner_id", "creator_user_id", "deal_id", "lead_id", "person_id", "org_id",
                         "project_id", "due_date", "due_time", "duration", "busy", "done", "marked_as_done_time",
                         "location", "participants", "attendees", "public_description", "priority", "note"]
}

extension PipedriveState {
    /// Checks a v2 activity body (also v1's, once loosened): known type, existing links, dates
    /// as `YYYY-MM-DD`, times as `HH:MM`, booleans as booleans. Unknown keys are ignored.
    func activityInput(_ body: [String: JSONValue], creating: Bool, now: Int) throws(PipedriveAPIError) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, value) in body {
            switch key {
            case "subject", "note", "public_description", "lead_id":
                if value.isNull { out[key] = .null; continue }
                guard case .string = value else { throw .badRequest("Validation failed: \(key): Expected string") }
                out[key] = value
            case "type":
                guard case .string(let type) = value, PipedriveActivityRules.types.contains(where: { $0.key == type }) else {
                    throw .badRequest("Validation failed: type: Unknown activity type")
                }
                out[key] = value
            case "owner_id":
                guard let id = value.intValue, company.user(id) != nil else { throw .badRequest("User with id \(value.intValue ?? 0) not found") }
                out[key] = .number(Double(id))
            case "deal_id", "person_id", "org_id":
                if value.isNull { out[key] = .null; continue }
                guard case .number(let n) = value, n.rounded() == n else { throw .badRequest("Validation failed: \(key): Expected integer") }
                let target: PipedriveEntity = key == "deal_id" ? .deal : key == "person_id" ? .person : .organization
                guard let linked = record(target, Int(n)), !linked.isDeleted else { throw .notFound(target) }
                out[key] = value
            case "due_date":
                if value.isNull { out[key] = .null; continue }
                guard case .string(let d) = value, PipedriveTime.isCalendarDate(d) else {
                    throw .badRequest("Validation failed: due_date: Expected date in format YYYY-MM-DD")
                }
                out[key] = value
            case "due_time", "duration":
                if value.isNull { out[key] = .null; continue }
                guard case .string(let t) = value, Self.isClockTime(t) else {
                    throw .badRequest("Validation failed: \(key): Expected time in format HH:MM")
                }
                out[key] = value
            case "done", "busy":
                guard case .bool = value else { throw .badRequest("Validation failed: \(key): Expected boolean") }
                out[key] = value
            case "priority":
                if value.isNull { out[key] = .null; continue }
                guard value.intValue != nil else { throw .badRequest("Validation failed: priority: Expected integer") }
                out[key] = value
            default:
                continue
            }
        }
        if creating {
            let type = out["type"]?.stringValue ?? "task"
            out["type"] = .string(type)
            if (out["subject"]?.stringValue ?? "").isEmpty {
                out["subject"] = .string(PipedriveActivityRules.types.first { $0.key == type }?.name ?? "Task")
            }
            out["owner_id"] = out["owner_id"] ?? .number(Double(company.integrationUser.id))
            out["creator_user_id"] = .number(Double(company.integrationUser.id))
            out["done"] = out["done"] ?? false
            out["busy"] = out["busy"] ?? false
        }
        if let done = out["done"]?.boolValue {
            out["marked_as_done_time"] = done ? .string(PipedriveTime.rfc3339(now)) : .null
        }
        return out
    }

    /// v1 bodies: ids and `done` may come as strings or 0/1 (form posts and older clients).
    func activityV1ToV2(_ body: [String: JSONValue]) -> [String: JSONValue] {
        var out = body
        for key in ["deal_id", "person_id", "org_id", "owner_id", "user_id", "priority"] {
            if case .string(let s)? = body[key] { out[key] = s.isEmpty ? .null : Double(s).map(JSONValue.number) ?? .string(s) }
        }
        if let user = out.removeValue(forKey: "user_id") { out["owner_id"] = user }
        for key in ["done", "busy"] {
            switch body[key] {
            case .number(let n)?: out[key] = .bool(n != 0)
            case .string(let s)?: out[key] = .bool(s == "1" || s.lowercased() == "true")
            default: break
            }
        }
        return out
    }

    private static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0..<24).contains(h) && (0..<60).contains(m) && parts.allSatisfy { $0.count == 2 }
    }
}
