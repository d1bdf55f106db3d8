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

/// An operator's request to re-read one object of one source from scratch, for the sync engine
/// to serve.
public struct ResyncRequest: Hashable, Sendable {
    public var source: SourceRef
    public var object: RecordKind
    /// Uid of the control-socket caller who asked.
    public var requestedBy: UInt32

    public init(source: SourceRef, object: RecordKind, requestedBy: UInt32) {
        self.source = source
        self.object = object
        self.requestedBy = requestedBy
    }
}
