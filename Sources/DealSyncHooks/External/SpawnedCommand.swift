import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A command started by `posix_spawnp` in a new process group, with the parent's ends of its
/// stdin, stdout and stderr pipes and of the pipe that wakes the pump on cancellation.
struct SpawnedCommand: Sendable {
    let pid: pid_t
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32
    let wakeRead: Int32
    let wakeWrite: Int32

    static func spawn(argv: [String], environment: [String: String]) throws -> SpawnedCommand {
        guard !argv.isEmpty else { throw CommandHookError(code: .spawnFailed(errno: ENOENT)) }
        // Every end is close-on-exec, so no other child the daemon starts inherits one;
        // dup2 onto 0, 1 and 2 clears the flag for this child only.
        var pipes: [[Int32]] = []
        for _ in 0..<4 {
            var fds: [Int32] = [-1, -1]
            guard systemPipe2(&fds, O_CLOEXEC) == 0 else {
                let error = errno
                pipes.flatMap { $0 }.forEach { _ = close($0) }
                throw CommandHookError(code: .spawnFailed(errno: error))
            }
            pipes.append(fds)
        }
        let (input, output, errors, wake) = (pipes[0], pipes[1], pipes[2], pipes[3])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group, so a kill reaches the hook's own children; default signal
        // handling and an empty mask, since the daemon ignores SIGPIPE and blocks others.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgv, cEnv)
        for fd in [input[0], output[1], errors[1]] { _ = close(fd) }
        guard status == 0 else {
            for fd in [input[1], output[0], errors[0], wake[0], wake[1]] { _ = close(fd) }
            throw CommandHookError(code: .spawnFailed(errno: status))
        }
        for fd in [input[1], output[0], errors[0], wake[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return SpawnedCommand(pid: pid, stdin: input[1], stdout: output[0], stderr: errors[0], wakeRead: wake[0], wakeWrite: wake[1])
    }
}

/// glibc's pipe2(2), which Swift's Glibc module hides behind _GNU_SOURCE. pipe() followed by
/// fcntl(FD_CLOEXEC) would leave a window in which a concurrent spawn inherits the ends.
@_silgen_name("pipe2")
private func systemPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
