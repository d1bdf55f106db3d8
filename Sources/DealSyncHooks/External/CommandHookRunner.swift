import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs an external hook's command for `ExternalHook.invoke`: the request JSON on stdin, the
/// reply JSON read from stdout. The command runs without a shell, in its own process group
/// with a minimal environment (the daemon's credentials never leak into it); each stderr line
/// goes to `stderrLine`. On timeout, cancellation or oversized output the whole group gets
/// SIGTERM, then SIGKILL after `killGrace`; a non-zero exit is a failure.
///
/// posix_spawn rather than Foundation's Process: Process cannot start a new process group or
/// reset signal dispositions, so a hook script's children would outlive a kill.
public struct CommandHookRunner: Sendable {
    public var argv: [String]
    public var environment: [String: String]
    public var timeout: Duration
    public var killGrace: Duration
    /// Stdout beyond this many bytes fails the run (the reply schema caps edits at 50 anyway).
    public var maxOutputBytes: Int
    public var stderrLine: @Sendable (String) -> Void

    public init(argv: [String], environment: [String: String] = CommandHookRunner.inheritedEnvironment(),
                timeout: Duration = .seconds(5), killGrace: Duration = .seconds(2), maxOutputBytes: Int = 1 << 20,
                stderrLine: @escaping @Sendable (String) -> Void = { _ in }) {
        self.argv = argv
        self.environment = environment
        self.timeout = timeout
        self.killGrace = killGrace
        self.maxOutputBytes = maxOutputBytes
        self.stderrLine = stderrLine
    }

    /// PATH, HOME, LANG and TZ from the daemon's environment, nothing else.
    public static func inheritedEnvironment() -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        var kept = ["PATH": env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
        for name in ["HOME", "LANG", "TZ"] { kept[name] = env[name] }
        return kept
    }

    /// The closure `ExternalHook` calls.
    public var invoke: @Sendable (Data) async throws -> Data {
        let runner = self
        return { input in try await runner.run(input) }
    }

    public func run(_ input: Data) async throws -> Data {
        _ = Self.ignoreSIGPIPE
        let child = try SpawnedCommand.spawn(argv: argv, environment: environment)
        let wake = WakeSignal(fd: child.wakeWrite)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let runner = self
                DispatchQueue.global().async {
                    let result = Result { try CommandPump(runner: runner, child: child, input: [UInt8](input)).run() }
                    wake.close()
                    continuation.resume(with: result)
                }
            }
        } onCancel: {
            wake.fire()
        }
    }

    /// Writing to a hook that exited must fail with EPIPE, not kill the daemon; children get
    /// the default disposition back at spawn.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()
}

/// Why a command hook failed. The description names no data from the hook's input or output.
public struct CommandHookError: Error, Equatable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        case spawnFailed(errno: Int32)
        case exited(status: Int32)
        case signalled(Int32)
        case timedOut
        case outputTooLarge
        case cancelled
    }

    public let code: Code

    public init(code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .spawnFailed(let e): "command could not be started: \(String(cString: strerror(e)))"
        case .exited(let status): "command exited with status \(status)"
        case .signalled(let signal): "command was killed by signal \(signal)"
        case .timedOut: "command timed out and was killed"
        case .outputTooLarge: "command wrote more output than allowed and was killed"
        case .cancelled: "command was cancelled and killed"
        }
    }
}

/// The write end of the pipe that wakes the pump on cancellation. The lock keeps a late
/// `fire` from writing to a descriptor number that was closed and reused.
final class WakeSignal: Sendable {
    private let fd: Mutex<Int32?>

    init(fd: Int32) { self.fd = Mutex(fd) }

    func fire() {
        fd.withLock { fd in
            guard let fd else { return }
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)
        }
    }

    func close() {
        fd.withLock { fd in
            if let open = fd { _ = Glibc.close(open) }
            fd = nil
        }
    }
}
