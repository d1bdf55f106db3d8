import DealSyncCore
import Foundation

/// Classification shared by every connector for failures that are not specific to one API.
enum SyncErrorFactory {
    /// A body we could not read is most often a truncated or proxied response: worth a retry.
    static func malformed(status: Int, body: Data, underlying: Error) -> SyncError {
        SyncError(.retryable, code: "http.malformed_body",
                  message: "unreadable response body (\(body.count) bytes, status \(status)): \(underlying)")
    }

    static func transport(_ error: Error) -> SyncError {
        SyncError(.retryable, code: "http.transport", message: "\(error)")
    }

    /// The default mapping by status when the API-specific body says nothing more precise.
    static func fromStatus(_ status: Int, message: String, retryAfter: Date?, now: Date) -> SyncError {
        switch status {
        case 401: SyncError(.auth, code: "http.401", message: message)
        case 403: SyncError(.auth, code: "http.403", message: message)
        case 408, 423, 500...599: SyncError(.retryable, code: "http.\(status)", message: message)
        case 429: SyncError(.rateLimited(until: retryAfter ?? now.addingTimeInterval(10)), code: "http.429", message: message)
        default: SyncError(.validation, code: "http.\(status)", message: message)
        }
    }

    /// `Retry-After` in seconds or as an HTTP date.
    static func retryAfter(_ value: String?, now: Date) -> Date? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return now.addingTimeInterval(seconds) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: value)
    }
}
