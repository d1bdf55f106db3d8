import DealSyncCore
import Foundation

/// A Slack message the daemon sends through the queue to the org's incoming webhook. Pure
/// value: the queue retries it, and `dedupKey` lets it drop a second identical message.
public struct SlackNotification: Sendable, Hashable {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case highValue = "high_value"
        case risk
        case slipping
    }

    public var org: OrgID
    public var record: RecordID
    public var reason: Reason
    /// `deal|reason|YYYY-MM-DD` (UTC): the same deal and reason once per day.
    public var dedupKey: String
    /// The incoming-webhook body: `{"text": …, "blocks": [...]}`, sorted keys.
    public var payload: Data
}
