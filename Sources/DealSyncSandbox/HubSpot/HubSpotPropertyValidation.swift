import Foundation

/// Turns the property values of a write into the strings HubSpot stores, or the error HubSpot
/// answers with: unknown property → `PROPERTY_DOESNT_EXIST`, read-only → `READ_ONLY_VALUE`,
/// a bad number/date/option → `INVALID_*`. `""` clears a value.
struct HubSpotPropertyValidation: Sendable {
    let schema: HubSpotSchema
    let pipeline: HubSpotPipeline

    func normalize(_ type: HubSpotObjectType, _ input: [String: JSONValue]) -> Result<[String: String], HubSpotError> {
        var out: [String: String] = [:]
        for (name, raw) in input.sorted(by: { $0.key < $1.key }) {
            guard let prop = schema.property(type, name) else { return .failure(.propertyDoesNotExist(type, name)) }
            if prop.readOnlyValue {
                return .failure(.validation("Property values were not valid: [{\"isValid\":false,\"message\":\"\(name) is a read only property; its value cannot be set.\",\"error\":\"READ_ONLY_VALUE\",\"name\":\"\(name)\"}]",
                                            errors: [["message": .string("\(name) is a read only property; its value cannot be set."),
                                                      "code": "READ_ONLY_VALUE", "context": ["propertyName": [.string(name)]]]]))
            }
            let text = raw.isNull ? "" : (raw.stringValue ?? "")
            if text.isEmpty { out[name] = ""; continue }
            switch prop.type {
            case .number:
                guard Double(text) != nil else { return .failure(.invalidValue(name, text, code: "INVALID_FLOAT", why: "number")) }
                out[name] = text
            case .datetime, .date:
                guard let ms = HubSpotTime.parse(text) else {
                    return .failure(.invalidValue(name, text, code: "INVALID_DATE", why: "date"))
                }
                out[name] = HubSpotTime.iso(millis: ms)
            case .bool:
                guard ["true", "false"].contains(text.lowercased()) else {
                    return .failure(.invalidValue(name, text, code: "INVALID_BOOLEAN", why: "boolean"))
                }
                out[name] = text.lowercased()
            case .enumeration:
                if !prop.options.isEmpty, !prop.options.contains(where: { $0.value == text }) {
                    return .failure(.invalidValue(name, text, code: "INVALID_OPTION", why: "option for \(name)"))
                }
                out[name] = text
            case .string:
                out[name] = text
            }
        }
        return .success(out)
    }

    /// Adds the values HubSpot calculates from a deal's stage.
    func derived(_ type: HubSpotObjectType, merged: [String: String]) -> [String: String] {
        guard type == .deals, let stageId = merged["dealstage"], let stage = pipeline.stage(stageId) else { return [:] }
        return ["hs_deal_stage_probability": String(stage.probability),
                "hs_is_closed": stage.isClosed ? "true" : "false",
                "hs_is_closed_won": stage.probability == 1 ? "true" : "false"]
    }
}
