import Foundation

/// An error in HubSpot's wire shape: `{"status":"error","message","correlationId","category",
/// "errors":[{"message","code","context"}],"context"}`. The same value is the body of a failed
/// request and, without `correlationId`, one entry of a batch response's `errors`.
struct HubSpotError: Error, Sendable {
    var status: Int
    var category: String
    var message: String
    var errors: [JSONValue] = []
    var context: [String: JSONValue] = [:]
    var subCategory: String?

    static func validation(_ message: String, errors: [JSONValue] = [], context: [String: JSONValue] = [:]) -> HubSpotError {
        HubSpotError(status: 400, category: "VALIDATION_ERROR", message: message, errors: errors, context: context)
    }

    static func notFound(_ message: String, context: [String: JSONValue] = [:]) -> HubSpotError {
        HubSpotError(status: 404, category: "OBJECT_NOT_FOUND", message: message, context: context)
    }

    static func propertyDoesNotExist(_ type: HubSpotObjectType, _ name: String) -> HubSpotError {
        validation("Property values were not valid: [{\"isValid\":false,\"message\":\"Property \\\"\(name)\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"\(name)\",\"localizedErrorMessage\":\"Property \\\"\(name)\\\" does not exist\"}]",
                   errors: [["message": .string("Property \"\(name)\" does not exist"), "code": "PROPERTY_DOESNT_EXIST",
                             "context": ["propertyName": [.string(name)]]]])
    }

    static func invalidValue(_ name: String, _ value: String, code: String, why: String) -> HubSpotError {
        let message = "\(value) was not a valid \(why)."
        return validation("Property values were not valid: [{\"isValid\":false,\"message\":\"\(message)\",\"error\":\"\(code)\",\"name\":\"\(name)\"}]",
                          errors: [["message": .string(message), "code": .string(code), "context": ["propertyName": [.string(name)]]]])
    }

    /// A batch `errors[]` entry; the official clients' `StandardError` model requires
    /// `context`, `links` and `errors` to be present.
    var batchEntry: JSONValue {
        var o: [String: JSONValue] = ["status": "error", "category": .string(category), "message": .string(message),
                                      "context": .object(context), "links": [:], "errors": .array(errors)]
        if let subCategory { o["subCategory"] = .string(subCategory) }
        return .object(o)
    }

    var response: SandboxResponse {
        var o: [String: JSONValue] = ["status": "error", "category": .string(category), "message": .string(message),
                                      "correlationId": .string(UUID().uuidString.lowercased())]
        if !errors.isEmpty { o["errors"] = .array(errors) }
        if !context.isEmpty { o["context"] = .object(context) }
        if let subCategory { o["subCategory"] = .string(subCategory) }
        return .json(status, .object(o))
    }
}
