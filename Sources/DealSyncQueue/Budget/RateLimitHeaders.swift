import DealSyncCore
import Foundation

/// Response headers looked up without regard to case, as HTTP requires.
public struct HeaderFields: Sendable, Hashable {
    private var values: [String: String]

    public init<S: Sequence>(_ pairs: S) where S.Element == (String, String) {
        var values: [String: String] = [:]
        for (name, value) in pairs { values[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        self.values = values
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { ($0.key, $0.value) })
    }

    public subscript(name: String) -> String? { values[name.lowercased()] }

    func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
}

/// Reads each CRM's rate-limit headers into one `RateLimitSnapshot` (names from
/// API-REFERENCE.md). Absent headers leave fields nil, so a snapshot only corrects what it knows.
public enum RateLimitHeaders {
    /// `Sforce-Limit-Info: api-usage=25/15000` (used/allowed in the rolling 24 h), optionally
    /// followed by `; api-bursts=…`. Salesforce sends no burst or Retry-After headers.
    public static func salesforce(_ headers: HeaderFields) -> RateLimitSnapshot {
        var snapshot = RateLimitSnapshot()
        guard let info = headers["Sforce-Limit-Info"] else { return snapshot }
        for part in info.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "api-usage" else { continue }
            let numbers = pair[1].split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 2, numbers[1] > 0 else { continue }
            snapshot.dailyLimit = numbers[1]
            snapshot.dailyRemaining = max(0, numbers[1] - numbers[0])
        }
        return snapshot
    }

    /// `X-HubSpot-RateLimit-Max`/`-Remaining`/`-Interval-Milliseconds` (the rolling burst window)
    /// and `X-HubSpot-RateLimit-Daily`/`-Daily-Remaining`. On a 429 the account waits for
    /// `Retry-After` if sent, else one interval (HubSpot documents no Retry-After).
    public static func hubspot(_ headers: HeaderFields, status: Int, now: Date) -> RateLimitSnapshot {
        var snapshot = RateLimitSnapshot(
            burstLimit: headers.int("X-HubSpot-RateLimit-Max"),
            burstRemaining: headers.int("X-HubSpot-RateLimit-Remaining"),
            burstWindow: headers.int("X-HubSpot-RateLimit-Interval-Milliseconds").map { .milliseconds($0) },
            dailyLimit: headers.int("X-HubSpot-RateLimit-Daily"),
            dailyRemaining: headers.int("X-HubSpot-RateLimit-Daily-Remaining"))
        if status == 429 {
            let interval = Double(headers.int("X-HubSpot-RateLimit-Interval-Milliseconds") ?? 10_000) / 1000
            snapshot.retryAt = retryAfter(headers, now: now) ?? now.addingTimeInterval(interval)
        }
        return snapshot
    }

    /// `x-ratelimit-limit`/`-remaining` per 2-second window, `x-ratelimit-reset` (seconds until the
    /// window resets), and the daily budget from `x-daily-ratelimit-token-limit`/`-remaining`
    /// when present, else `x-daily-requests-left`. An empty window or a 429 waits for the reset.
    public static func pipedrive(_ headers: HeaderFields, status: Int, now: Date) -> RateLimitSnapshot {
        var snapshot = RateLimitSnapshot(
            burstLimit: headers.int("x-ratelimit-limit"),
            burstRemaining: headers.int("x-ratelimit-remaining"),
            burstWindow: headers.int("x-ratelimit-limit") == nil ? nil : .seconds(2))
        if let limit = headers.int("x-daily-ratelimit-token-limit") {
            snapshot.dailyLimit = limit
            snapshot.dailyRemaining = headers.int("x-daily-ratelimit-token-remaining")
        } else {
            snapshot.dailyRemaining = headers.int("x-daily-requests-left")
        }
        let reset = headers["x-ratelimit-reset"].flatMap(Double.init).map { now.addingTimeInterval(max(0, $0)) }
        if status == 429 {
            snapshot.retryAt = retryAfter(headers, now: now) ?? reset ?? now.addingTimeInterval(2)
        } else if snapshot.burstRemaining == 0 {
            snapshot.retryAt = reset
        }
        return snapshot
    }

    /// Dispatches on the CRM.
    public static func snapshot(for crm: CRMKind, headers: HeaderFields, status: Int, now: Date) -> RateLimitSnapshot {
        switch crm {
        case .salesforce: salesforce(headers)
        case .hubspot: hubspot(headers, status: status, now: now)
        case .pipedrive: pipedrive(headers, status: status, now: now)
        }
    }

    /// `Retry-After` as delay-seconds (fractional accepted, as Graph sends `2.128`) or an HTTP-date.
    public static func retryAfter(_ headers: HeaderFields, now: Date) -> Date? {
        guard let value = headers["Retry-After"] else { return nil }
        if let seconds = Double(value) { return now.addingTimeInterval(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value)
    }
}
