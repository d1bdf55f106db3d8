import DealSyncCore

/// A source named within its org (`acme/salesforce-prod`), the unit pause, resume and resync act on.
public struct SourceRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var org: OrgID
    public var source: SourceID

    public init(org: OrgID, source: SourceID) {
        self.org = org
        self.source = source
    }

    public var description: String { "\(org)/\(source)" }

    public static func < (a: SourceRef, b: SourceRef) -> Bool { (a.org, a.source) < (b.org, b.source) }
}
