/// `audit.verify`: walk the audit log's SHA-256 chain and report the first broken link.
/// The store owns the result's shape (entries checked, first bad entry), so it is free-form.
public struct AuditVerifyCommand: ControlCommand {
    public typealias Result = ControlValue
    public static let name = "audit.verify"
    public static let access = ControlAccess.read
    public var org: OrgID?
    public init(org: OrgID? = nil) { self.org = org }
}
