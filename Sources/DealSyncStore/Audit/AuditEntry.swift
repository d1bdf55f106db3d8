import DealSyncCore
import Foundation

/// One audit-log entry. `hash` is SHA-256 over the previous entry's hash and this entry's
/// fields, so editing or deleting any entry breaks every later link of the org's chain.
///
/// Details must never hold PII or secret values (emails, names, amounts, tokens): record ids,
/// field names, command names and redacted markers only. The store cannot tell a value from a
/// name, so this is the caller's duty.
public struct AuditEntry: Sendable, Hashable {
    public var org: OrgID
    /// 1, 2, 3… per org, with no gaps.
    public var seq: Int64
    public var at: Date
    /// Who acted: `uid:1000`, `engine`, `hook:scorer`, `daemon`.
    public var actor: String
    /// What was done: `control.pause`, `conflict.resolve`, `config.reload`.
    public var action: String
    public var details: [String: String]
    public var prevHash: String
    public var hash: String
}

/// The first place an org's audit chain stops verifying.
public struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        /// The entry's contents no longer produce its stored hash (it was edited).
        case hashMismatch = "hash_mismatch"
        /// The entry does not point at the hash of the entry before it (one was replaced).
        case brokenLink = "broken_link"
        /// A sequence number is missing (an entry was deleted).
        case missingEntry = "missing_entry"
        /// The chain ends before the recorded head (the newest entries were deleted).
        case truncated
    }

    public var org: OrgID
    /// The sequence number where the chain breaks.
    public var seq: Int64
    public var reason: Reason

    public init(org: OrgID, seq: Int64, reason: Reason) {
        self.org = org
        self.seq = seq
        self.reason = reason
    }

    public var description: String { "audit chain of \(org) broken at entry \(seq): \(reason.rawValue)" }
}
