import Foundation

/// Parsers for the `dealsync-sandbox` flags that configure limits and faults:
///
///     --rate-limit SERVICE=LIMIT/WINDOW      hubspot=100/10s, pipedrive=80/2s, lookup=600/1m
///     --daily-limit SERVICE=N                hubspot=250000
///     --fault SERVICE[:PATH]:SETTING[,SETTING…]
///         SETTING is one of
///           error=RATE          answer 500/502/503 (see status) with probability RATE (0…1)
///           status=CODE[|CODE]  the statuses `error` picks from (default 500|502|503)
///           latency=DURATION    add 250ms / 2s before answering
///           hang=RATE           never answer (until the sandbox's hang cap)
///           throttle=RATE       answer the API's own 429/limit response; retry-after=SECONDS
///           malformed=RATE      corrupt the JSON body;  truncate=RATE  send half the body
///           revoke              every request carrying a token gets the API's 401
///           method=GET          only this method;  count=N  only the next N matching requests
///     e.g. --fault hubspot:/crm/v3/objects:error=0.1,status=503
///          --fault salesforce:latency=300ms   --fault pipedrive:/api/v2/deals:throttle=1,count=5
public enum SandboxFlags {
    public static func rateLimit(_ text: String) throws -> (service: String, setting: RateLimitSetting) {
        let (service, value) = try split(text, "=", flag: "--rate-limit", example: "hubspot=100/10s")
        let parts = value.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0, let window = duration(parts[1]), window > .zero else {
            throw FaultRuleError("--rate-limit \(text): expected SERVICE=LIMIT/WINDOW, e.g. hubspot=100/10s")
        }
        return (service, RateLimitSetting(limit: limit, window: window))
    }

    public static func dailyLimit(_ text: String) throws -> (service: String, limit: Int) {
        let (service, value) = try split(text, "=", flag: "--daily-limit", example: "hubspot=250000")
        guard let limit = Int(value), limit > 0 else {
            throw FaultRuleError("--daily-limit \(text): expected SERVICE=N, e.g. hubspot=250000")
        }
        return (service, limit)
    }

    public static func fault(_ text: String) throws -> (service: String, rule: FaultRule) {
        let (service, rest) = try split(text, ":", flag: "--fault", example: "hubspot:/crm/v3/objects:error=0.1")
        var path = "/"
        var settings = rest
        if rest.hasPrefix("/") {
            guard let colon = rest.lastIndex(of: ":") else {
                throw FaultRuleError("--fault \(text): expected SERVICE:PATH:SETTINGS after the path")
            }
            path = String(rest[..<colon])
            settings = String(rest[rest.index(after: colon)...])
        }
        var rule = FaultRule(path: path)
        for item in settings.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let key = kv[0].lowercased()
            let value = kv.count > 1 ? kv[1] : ""
            func rate() throws -> Double {
                guard let r = Double(value), (0...1).contains(r) else {
                    throw FaultRuleError("--fault \(text): \(key) needs a rate between 0 and 1")
                }
                return r
            }
            func count() throws -> Int {
                guard let n = Int(value), n >= 0 else { throw FaultRuleError("--fault \(text): \(key) needs a whole number") }
                return n
            }
            switch key {
            case "error": rule.errorRate = try rate()
            case "status":
                let codes = value.split(separator: "|").compactMap { Int($0) }
                guard !codes.isEmpty, codes.allSatisfy({ (400...599).contains($0) }) else {
                    throw FaultRuleError("--fault \(text): status needs HTTP error codes like 500|503")
                }
                rule.errorStatuses = codes
            case "latency":
                guard let d = duration(value) else { throw FaultRuleError("--fault \(text): latency needs e.g. 250ms or 2s") }
                rule.latency = d
            case "hang": rule.hangRate = try rate()
            case "throttle", "429": rule.throttleRate = try rate()
            case "retry-after", "retry_after": rule.retryAfterSeconds = try count()
            case "malformed": rule.malformedRate = try rate()
            case "truncate": rule.truncateRate = try rate()
            case "revoke": rule.revokeTokens = value.isEmpty || value == "true" || value == "1"
            case "method": rule.method = value.uppercased()
            case "count": rule.remaining = try count()
            default: throw FaultRuleError("--fault \(text): unknown setting \"\(key)\"")
            }
        }
        return (service, rule)
    }

    /// `250ms`, `10s`, `1m`, `1h`, `1d`; a bare number means seconds.
    public static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast(suffix.count)), n >= 0 else { return nil }
            return .milliseconds(Int64((n * scale * 1000).rounded()))
        }
        return Double(text).flatMap { $0 >= 0 ? .milliseconds(Int64(($0 * 1000).rounded())) : nil }
    }

    private static func split(_ text: String, _ separator: Character, flag: String, example: String) throws -> (String, String) {
        guard let i = text.firstIndex(of: separator), i != text.startIndex else {
            throw FaultRuleError("\(flag) \(text): expected e.g. \(example)")
        }
        return (String(text[..<i]).lowercased(), String(text[text.index(after: i)...]))
    }
}
