/// `queue`: depth by source, object and priority; oldest job age; rate budget left; breaker
/// state. The queue owns the result's shape, so it travels as a free-form value.
public struct QueueCommand: ControlCommand {
    public typealias Result = ControlValue
    public static let name = "queue"
    public static let access = ControlAccess.read
    public var org: OrgID?
    public var source: SourceID?
    public init(org: OrgID? = nil, source: SourceID? = nil) {
        self.org = org
        self.source = source
    }
}

/// `dead-letter.list`: jobs that exhausted their retries or failed validation, with last error.
public struct DeadLetterListCommand: ControlCommand {
    public typealias Result = ControlValue
    public static let name = "dead-letter.list"
    public static let access = ControlAccess.read
    public var org: OrgID?
    public var source: SourceID?
    public var limit: Int?
    public init(org: OrgID? = nil, source: SourceID? = nil, limit: Int? = nil) {
        self.org = org
        self.source = source
        self.limit = limit
    }
}

/// `dead-letter.retry`: put one dead letter (`dead_letter`) or all of them (`all: true`,
/// optionally within one org) back on the queue. Exactly one of the two.
public struct DeadLetterRetryCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "dead-letter.retry"
    public static let access = ControlAccess.write
    public var deadLetter: String?
    public var all: Bool?
    public var org: OrgID?

    enum CodingKeys: String, CodingKey {
        case deadLetter = "dead_letter", all, org
    }

    public init(deadLetter: String) { self.deadLetter = deadLetter }
    public init(allIn org: OrgID? = nil) {
        all = true
        self.org = org
    }

    public func validate() throws {
        switch (deadLetter, all ?? false) {
        case (.some, false), (nil, true): return
        case (.some, true): throw ControlError.badRequest("\(Self.name): give either 'dead_letter' or 'all', not both")
        case (nil, false): throw ControlError.badRequest("\(Self.name): give 'dead_letter' or 'all: true'")
        }
    }
}

/// `dead-letter.drop`: delete one dead letter for good.
public struct DeadLetterDropCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "dead-letter.drop"
    public static let access = ControlAccess.write
    public var deadLetter: String

    enum CodingKeys: String, CodingKey { case deadLetter = "dead_letter" }

    public init(deadLetter: String) { self.deadLetter = deadLetter }
}
