import Foundation

/// An error from an external API or a part of the service, with the one classification the queue
/// acts on. Codes are opaque strings (`salesforce.INVALID_FIELD`, `http.503`) so new ones need no
/// new cases.
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Try again later with backoff.
        case retryable
        /// The account is throttled; do not count an attempt, wait until the given time.
        case rateLimited(until: Date)
        /// Credentials were refused: refresh once, then pause the source.
        case auth
        /// The request can never succeed as sent: dead-letter at once.
        case validation
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var context: [String: String]

    public init(_ kind: Kind, code: String, message: String, context: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String {
        let ctx = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(code): \(message)" + (ctx.isEmpty ? "" : " [\(ctx)]")
    }
}
