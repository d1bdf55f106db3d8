import Foundation

/// The daily API request allocation. Salesforce counts over a rolling 24 hours; the emulator
/// counts over a 24-hour window that restarts when it has passed, which gives the same
/// answer to a client that spends its allocation and waits for it to come back.
struct SalesforceUsage: Sendable {
    var used = 0
    var windowStart: Int64 = 0

    /// Counts one request; false once the allocation is spent (the request is then refused
    /// and not counted).
    mutating func take(now: Int64, limit: Int) -> Bool {
        if now - windowStart >= 86_400_000 {
            windowStart = now
            used = 0
        }
        guard used < limit else { return false }
        used += 1
        return true
    }

    func header(limit: Int) -> String { "api-usage=\(used)/\(limit)" }
}

extension SalesforceEmulator {
    /// `GET /limits`: the daily allocation as `DailyApiRequests`, beside a few other limits
    /// the real response always carries (fixed here, as the emulator does not enforce them).
    func limits(_ state: SalesforceState) -> JSONValue {
        func pair(_ max: Int, _ remaining: Int) -> JSONValue { ["Max": .number(Double(max)), "Remaining": .number(Double(remaining))] }
        let records = state.store.tables.values.reduce(0) { $0 + $1.rows.count }
        return [
            "DailyApiRequests": pair(dailyLimit, max(0, dailyLimit - state.usage.used)),
            "ConcurrentAsyncGetReportInstances": pair(200, 200),
            "DailyAsyncApexExecutions": pair(250_000, 250_000),
            "DailyBulkApiBatches": pair(15_000, 15_000),
            "DailyBulkV2QueryJobs": pair(10_000, 10_000),
            "DailyStreamingApiEvents": pair(1_000_000, 1_000_000),
            "DataStorageMB": pair(5, max(0, 5 - records * 2 / 1024 / 1024)),
            "FileStorageMB": pair(20, 20),
            "HourlyODataCallout": pair(10_000, 10_000),
            "SingleEmail": pair(5_000, 5_000),
        ]
    }
}
