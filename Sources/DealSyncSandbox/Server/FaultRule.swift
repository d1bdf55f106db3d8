import Foundation

/// One fault to inject into the requests of a service whose path starts with `path`.
/// Rates are probabilities per matching request, drawn from the sandbox's seeded generator.
public struct FaultRule: Sendable, Hashable {
    /// Path prefix below the service prefix (`/crm/v3/objects`); `/` matches every route.
    public var path: String
    /// Only requests with this method (`GET`, `POST`, …); nil matches all.
    public var method: String?
    /// Answer with one of `errorStatuses` (a bare gateway error page, as a load balancer sends).
    public var errorRate: Double
    public var errorStatuses: [Int]
    /// Added before the request is served (also before any other fault).
    public var latency: Duration
    /// Never answer until the client gives up (the sandbox stops waiting after its hang cap).
    public var hangRate: Double
    /// Answer with the API's own 429 / limit response (`Emulator.rateLimitedResponse`).
    public var throttleRate: Double
    public var retryAfterSeconds: Int
    /// Serve the request, then corrupt the body so it is no longer valid JSON.
    public var malformedRate: Double
    /// Serve the request, then send only the first half of the body.
    public var truncateRate: Double
    /// Every request carrying a credential gets the API's 401 (`Emulator.unauthorizedResponse`).
    public var revokeTokens: Bool
    /// The rule applies to this many matching requests, then removes itself; nil = forever.
    public var remaining: Int?

    public init(path: String = "/", method: String? = nil, errorRate: Double = 0, errorStatuses: [Int] = [500, 502, 503],
                latency: Duration = .zero, hangRate: Double = 0, throttleRate: Double = 0, retryAfterSeconds: Int = 1,
                malformedRate: Double = 0, truncateRate: Double = 0, revokeTokens: Bool = false, remaining: Int? = nil) {
        self.path = path
        self.method = method?.uppercased()
        self.errorRate = errorRate
        self.errorStatuses = errorStatuses
        self.latency = latency
        self.hangRate = hangRate
        self.throttleRate = throttleRate
        self.retryAfterSeconds = retryAfterSeconds
        self.malformedRate = malformedRate
        self.truncateRate = truncateRate
        self.revokeTokens = revokeTokens
        self.remaining = remaining
    }

    func matches(method: String, path: String) -> Bool {
        (self.method == nil || self.method == method) && (self.path == "/" || path.hasPrefix(self.path))
    }

    var latencyMilliseconds: Int {
        let (seconds, attoseconds) = latency.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

extension FaultRule {
    /// The JSON shape of `/__sandbox/faults`:
    /// `{"path":"/crm","method":"GET","error":0.1,"statuses":[503],"latency_ms":200,"hang":0,
    ///   "throttle":0,"retry_after":1,"malformed":0,"truncate":0,"revoke":false,"count":null}`.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "path": .string(path), "error": .number(errorRate), "statuses": .array(errorStatuses.map { .number(Double($0)) }),
            "latency_ms": .number(Double(latencyMilliseconds)), "hang": .number(hangRate), "throttle": .number(throttleRate),
            "retry_after": .number(Double(retryAfterSeconds)), "malformed": .number(malformedRate),
            "truncate": .number(truncateRate), "revoke": .bool(revokeTokens),
        ]
        o["method"] = method.map(JSONValue.string) ?? .null
        o["count"] = remaining.map { .number(Double($0)) } ?? .null
        return .object(o)
    }

    public init(json: JSONValue) throws {
        guard let o = json.objectValue else { throw FaultRuleError("a fault must be a JSON object") }
        let known: Set = ["path", "method", "error", "statuses", "latency_ms", "hang", "throttle", "retry_after",
                          "malformed", "truncate", "revoke", "count"]
        if let unknown = o.keys.first(where: { !known.contains($0) }) { throw FaultRuleError("unknown fault key \"\(unknown)\"") }
        func rate(_ key: String) throws -> Double {
            guard let v = o[key], !v.isNull else { return 0 }
            guard let d = v.doubleValue, (0...1).contains(d) else { throw FaultRuleError("\(key) must be a number in 0...1") }
            return d
        }
        let statuses = try o["statuses"]?.arrayValue.map { try $0.map { v -> Int in
            guard let s = v.intValue, (400...599).contains(s) else { throw FaultRuleError("statuses must be HTTP error codes") }
            return s
        } }
        self.init(path: o["path"]?.stringValue ?? "/", method: o["method"]?.stringValue,
                  errorRate: try rate("error"), errorStatuses: statuses ?? [500, 502, 503],
                  latency: .milliseconds(o["latency_ms"]?.intValue ?? 0), hangRate: try rate("hang"),
                  throttleRate: try rate("throttle"), retryAfterSeconds: o["retry_after"]?.intValue ?? 1,
                  malformedRate: try rate("malformed"), truncateRate: try rate("truncate"),
                  revokeTokens: o["revoke"]?.boolValue ?? false, remaining: o["count"]?.intValue)
        if errorStatuses.isEmpty { throw FaultRuleError("statuses must not be empty") }
        if !path.hasPrefix("/") { throw FaultRuleError("path must start with /") }
    }
}

public struct FaultRuleError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
