#if canImport(Glibc)
import Glibc
#endif
import DealSyncControl
import Foundation

/// The socket file's life on disk: taking over a stale file left by a crashed daemon without
/// ever stealing a live one, setting its group and mode, and removing it only if it is still ours.
enum ControlSocketFile {
    /// The file's identity, so shutdown does not delete a socket a newer daemon bound since.
    struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// Makes `path` free to bind: creates the parent directory if needed; if a socket file is
    /// there, connects to it: an answer means a live daemon (refuse), a refusal means a stale file
    /// (remove it).
    static func prepare(path: String) throws(ControlServerError) {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            } catch {
                throw .cannotPrepare(path: path, reason: "cannot create directory \(parent): \(error.localizedDescription)")
            }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .cannotPrepare(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        do {
            let probe = try ControlConnection(socketPath: path, timeout: .seconds(1))
            probe.close()
            throw ControlServerError.alreadyRunning(path: path)
        } catch let error as ControlServerError {
            throw error
        } catch ControlClientError.notListening, ControlClientError.socketMissing {
            // Nobody listens: the previous daemon died without cleaning up.
        } catch {
            throw .cannotPrepare(path: path, reason: "cannot tell whether a daemon owns it: \(error)")
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw .cannotPrepare(path: path, reason: "cannot remove stale socket: \(String(cString: strerror(errno)))")
        }
    }

    /// Sets the socket's mode and, when an admin group is configured, its group.
    /// Done right after bind; the parent directory (systemd's RuntimeDirectory) guards the
    /// instant between the two.
    static func applyPermissions(path: String, mode: mode_t, group: UInt32?) throws(ControlServerError) {
        if let group, chown(path, uid_t.max, group) != 0 {
            throw .cannotSetPermissions(path: path, reason: "chown to gid \(group): \(String(cString: strerror(errno)))")
        }
        if chmod(path, mode) != 0 {
            throw .cannotSetPermissions(path: path, reason: "chmod: \(String(cString: strerror(errno)))")
        }
    }

    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Removes the socket file if it is still the one we bound.
    static func remove(path: String, ifStill identity: Identity?) {
        guard let identity, Self.identity(of: path) == identity else { return }
        unlink(path)
    }
}
