/// `sources`: every configured source with its sync state.
public struct SourcesCommand: ControlCommand {
    public typealias Result = SourcesReport
    public static let name = "sources"
    public static let access = ControlAccess.read
    /// Only this org's sources; all orgs when nil.
    public var org: OrgID?
    public init(org: OrgID? = nil) { self.org = org }
}

/// `pause`: stop pulling from and pushing to one source; queued work waits.
public struct PauseCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "pause"
    public static let access = ControlAccess.write
    public var org: OrgID
    public var source: SourceID
    public init(org: OrgID, source: SourceID) {
        self.org = org
        self.source = source
    }
}

/// `resume`: undo `pause`.
public struct ResumeCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "resume"
    public static let access = ControlAccess.write
    public var org: OrgID
    public var source: SourceID
    public init(org: OrgID, source: SourceID) {
        self.org = org
        self.source = source
    }
}

/// `resync`: record a request to re-read a source (one object, or all) and re-resolve it.
public struct ResyncCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "resync"
    public static let access = ControlAccess.write
    public var org: OrgID
    public var source: SourceID
    /// All of the source's objects when nil.
    public var object: RecordKind?
    public init(org: OrgID, source: SourceID, object: RecordKind? = nil) {
        self.org = org
        self.source = source
        self.object = object
    }
}
