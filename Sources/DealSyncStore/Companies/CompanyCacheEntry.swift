import Foundation

/// One domain's row in the company cache. The profile is the lookup client's JSON: the store
/// keeps it as text and does not interpret it.
public struct CompanyCacheEntry: Sendable, Hashable {
    public enum Answer: String, Sendable, Hashable {
        case found
        /// The lookup service knows no company at this domain.
        case unknown
    }

    public var domain: String
    /// The last answer; nil when no lookup has succeeded yet.
    public var answer: Answer?
    public var profileJSON: String?
    public var answeredAt: Date?
    /// Set while a lookup is deferred: the earliest time to try it again.
    public var retryAt: Date?
    /// Deferred attempts since the last answer.
    public var attempts: Int
    public var lastError: String?

    public init(domain: String, answer: Answer?, profileJSON: String?, answeredAt: Date?, retryAt: Date?,
                attempts: Int, lastError: String?) {
        self.domain = domain
        self.answer = answer
        self.profileJSON = profileJSON
        self.answeredAt = answeredAt
        self.retryAt = retryAt
        self.attempts = attempts
        self.lastError = lastError
    }
}
