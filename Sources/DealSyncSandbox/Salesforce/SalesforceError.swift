import Foundation

/// An error as the REST API reports it: an HTTP status and, in the body, an array of
/// `{"message","errorCode","fields"}`. Inside composite results the same error is spelled
/// `{"statusCode","message","fields"}`.
struct SFError: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var fields: [String] = []

    init(_ status: Int, _ code: String, _ message: String, fields: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    var body: JSONValue {
        var o: [String: JSONValue] = ["message": .string(message), "errorCode": .string(code)]
        if !fields.isEmpty { o["fields"] = .array(fields.map { .string($0) }) }
        return .array([.object(o)])
    }

    /// The per-record form used by sObject Collections results.
    var collectionError: JSONValue {
        ["statusCode": .string(code), "message": .string(message), "fields": .array(fields.map { .string($0) })]
    }

    var response: SandboxResponse { .json(status, body) }

    static let notFound = SFError(404, "NOT_FOUND", "The requested resource does not exist")
    static let invalidSession = SFError(401, "INVALID_SESSION_ID", "Session expired or invalid")
    static let limitExceeded = SFError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")

    static func malformedQuery(_ message: String) -> SFError { SFError(400, "MALFORMED_QUERY", message) }

    static func badJSON(_ message: String) -> SFError { SFError(400, "JSON_PARSER_ERROR", message) }

    static func methodNotAllowed(_ method: String, allowed: String) -> SFError {
        SFError(405, "METHOD_NOT_ALLOWED", "HTTP Method '\(method)' not allowed. Allowed are \(allowed)")
    }

    /// An unknown sObject name in a URL: the API answers as for any missing resource.
    static func unknownObject(_ name: String) -> SFError { notFound }
}
