/// `review.list`: hook output waiting for a person (a low-confidence score, a write-back the
/// evaluator blocked), with the edits it withheld. Pending only, unless `all`.
public struct ReviewListCommand: ControlCommand {
    public typealias Result = ControlValue
    public static let name = "review.list"
    public static let access = ControlAccess.read
    public var org: OrgID?
    public var limit: Int?
    public var all: Bool?

    public init(org: OrgID? = nil, limit: Int? = nil, all: Bool = false) {
        self.org = org
        self.limit = limit
        self.all = all ? true : nil
    }
}

/// `review.approve`: write the withheld edits back (through the resolver, as the `local`
/// replica, so they sync to every CRM), audited.
public struct ReviewApproveCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "review.approve"
    public static let access = ControlAccess.write
    public var review: String

    public init(review: String) { self.review = review }
}

/// `review.reject`: drop the withheld edits; the CRMs keep what they have. Audited.
public struct ReviewRejectCommand: ControlCommand {
    public typealias Result = ControlAck
    public static let name = "review.reject"
    public static let access = ControlAccess.write
    public var review: String

    public init(review: String) { self.review = review }
}
