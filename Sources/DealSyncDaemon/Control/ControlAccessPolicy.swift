#if canImport(Glibc)
import Glibc
#endif
import DealSyncControl

/// Who may run write commands: root, the daemon's own user, or a member of the configured
/// admin group. Read commands are open to anyone who can connect, since the socket's mode
/// (0660) and group already limit that. The decision is a pure function of its inputs so it
/// can be tested with made-up callers.
public struct ControlAccessPolicy: Sendable, Hashable {
    public var daemonUID: UInt32
    public var adminGroup: AdminGroup?

    public struct AdminGroup: Sendable, Hashable {
        public var name: String
        public var gid: UInt32
        public init(name: String, gid: UInt32) {
            self.name = name
            self.gid = gid
        }
    }

    public enum Decision: Sendable, Hashable {
        case allowed(Reason)
        case denied(message: String)

        public var isAllowed: Bool { if case .allowed = self { true } else { false } }
    }

    public enum Reason: String, Sendable, Hashable {
        case readCommand, root, daemonUser, adminGroup
    }

    public init(daemonUID: UInt32, adminGroup: AdminGroup?) {
        self.daemonUID = daemonUID
        self.adminGroup = adminGroup
    }

    /// Whether deciding needs the caller's supplementary groups, which cost a user-database
    /// lookup; root, the daemon's user and read commands never do.
    public func needsGroups(for access: ControlAccess, caller: ControlCaller) -> Bool {
        access == .write && caller.uid != 0 && caller.uid != daemonUID
            && adminGroup.map { $0.gid != caller.gid } ?? false
    }

    /// - Parameter callerGroups: the supplementary groups of the caller's user.
    public func decide(access: ControlAccess, caller: ControlCaller, callerGroups: [UInt32]) -> Decision {
        if access == .read { return .allowed(.readCommand) }
        if caller.uid == 0 { return .allowed(.root) }
        if caller.uid == daemonUID { return .allowed(.daemonUser) }
        if let group = adminGroup, caller.gid == group.gid || callerGroups.contains(group.gid) {
            return .allowed(.adminGroup)
        }
        let who = adminGroup.map { "root, the daemon's user or a member of group '\($0.name)'" }
            ?? "root or the daemon's user (no admin_group is configured)"
        return .denied(message: "write commands need \(who); caller uid \(caller.uid) is none of these")
    }

    /// The policy for this process and the configured `admin_group` (a group name), looking the
    /// group up in the system's group database.
    public static func resolve(adminGroup name: String?, daemonUID: UInt32 = getuid()) throws(ControlServerError) -> ControlAccessPolicy {
        guard let name else { return ControlAccessPolicy(daemonUID: daemonUID, adminGroup: nil) }
        guard let gid = UserDatabase.groupID(named: name) else { throw .unknownGroup(name) }
        return ControlAccessPolicy(daemonUID: daemonUID, adminGroup: AdminGroup(name: name, gid: gid))
    }
}
