#if canImport(Glibc)
import Glibc
#endif

/// Lookups in the system's user and group databases (NSS: /etc/passwd, /etc/group, LDAP, …).
/// Uses the reentrant `_r` calls because control connections are served concurrently.
enum UserDatabase {
    static func groupID(named name: String) -> UInt32? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let rc = getgrnam_r(name, &group, &buffer, buffer.count, &result)
        guard rc == 0, result != nil else { return nil }
        return group.gr_gid
    }

    static func userName(of uid: UInt32) -> String? {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let rc = getpwuid_r(uid, &pw, &buffer, buffer.count, &result)
        guard rc == 0, result != nil, let name = pw.pw_name else { return nil }
        return String(cString: name)
    }

    /// The groups the user `uid` belongs to per the group database, its primary group included.
    /// SO_PEERCRED carries no supplementary groups, so this is how admin-group membership is
    /// checked; a uid with no user entry has only its primary group.
    static func groups(ofUser uid: UInt32, primaryGroup gid: UInt32) -> [UInt32] {
        guard let name = userName(of: uid) else { return [gid] }
        var count: Int32 = 64
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            let wanted = count
            if getgrouplist(name, gid, &groups, &count) >= 0 {
                return Array(groups.prefix(Int(count)))
            }
            // -1 means the list was too short; `count` now holds the size needed.
            if count <= wanted { count = wanted * 2 }
        }
    }
}
