/// `conflicts.list`: open conflicts parked by a `manual` policy, with both sides.
public struct ConflictsListCommand: ControlCommand {
    public typealias Result = ControlValue
    public static let name = "conflicts.list"
    public static let access = ControlAccess.read
    public var org: OrgID?
    public var limit: Int?
    public init(org: OrgID? = nil, limit: Int? = nil) {
        self.org = org
        self.limit = limit
    }
}

/// `conflicts.resolve`: settle one conflict by picking a source's side (`pick`) or by giving
/// the value (`value`, in the field's text form). Exactly one of the two.
public struct ConflictsResolveCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "conflicts.resolve"
    public static let access = ControlAccess.write
    public var conflict: String
    public var pick: SourceID?
    public var value: String?

    public init(conflict: String, pick: SourceID) {
        self.conflict = conflict
        self.pick = pick
    }

    public init(conflict: String, value: String) {
        self.conflict = conflict
        self.value = value
    }

    public func validate() throws {
        guard (pick == nil) != (value == nil) else {
            throw ControlError.badRequest("\(Self.name): give exactly one of 'pick' or 'value'")
        }
    }
}
