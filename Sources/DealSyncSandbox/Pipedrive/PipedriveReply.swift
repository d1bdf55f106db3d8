import Foundation

/// A refusal in Pipedrive's error envelope. Handlers throw it; the router turns it into a response.
struct PipedriveAPIError: Error, Sendable {
    var status: Int
    var message: String
    /// Pipedrive's machine-readable `code`, present on some errors (`feature_capping_deals_limit`).
    var code: String?

    static func notFound(_ entity: PipedriveEntity) -> Self { Self(status: 404, message: "\(entity.displayName) not found") }
    static func badRequest(_ message: String) -> Self { Self(status: 400, message: message) }
    static let unknownMethod = Self(status: 404, message: "Unknown method .")
}

/// Pipedrive's response envelopes: `{"success":true,"data":…,"additional_data":…}` and the error
/// shape `{"success":false,"error":…,"error_info":…,"data":null,"additional_data":null}`.
enum PipedriveReply {
    static let errorInfo: JSONValue = "Please check developers.pipedrive.com"

    static func success(_ data: JSONValue, additional: JSONValue? = nil, status: Int = 200,
                        extra: [String: JSONValue] = [:]) -> SandboxResponse {
        var body: [String: JSONValue] = ["success": true, "data": data]
        if let additional { body["additional_data"] = additional }
        for (key, value) in extra { body[key] = value }
        return json(status, .object(body))
    }

    /// Like `SandboxResponse.json`, through the faster hand-written serialiser.
    static func json(_ status: Int, _ value: JSONValue) -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", "application/json;charset=UTF-8")],
                        body: PipedriveJSONWriter.encode(value))
    }

    static func error(_ error: PipedriveAPIError) -> SandboxResponse {
        var body: [String: JSONValue] = [
            "success": false, "error": .string(error.message), "error_info": errorInfo,
            "data": .null, "additional_data": .null,
        ]
        if let code = error.code { body["code"] = .string(code) }
        return .json(error.status, .object(body))
    }

    /// The gateway's 401, sent for a missing, unknown or expired token.
    static func unauthorized() -> SandboxResponse {
        .json(401, ["success": false, "error": "unauthorized access", "errorCode": 401, "error_info": errorInfo],
              headers: [("x-401-by-gw", "true")])
    }

    /// 429 from the burst or daily limiter. The exact error text is not documented.
    static func rateLimited(resetSeconds: Int, limit: Int) -> SandboxResponse {
        .json(429, ["success": false, "error": "Request over limit", "errorCode": 429, "error_info": errorInfo,
                    "data": .null, "additional_data": .null],
              headers: [("x-ratelimit-limit", String(limit)), ("x-ratelimit-remaining", "0"),
                        ("x-ratelimit-reset", String(resetSeconds)), ("Retry-After", String(resetSeconds))])
    }
}
