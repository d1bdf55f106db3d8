import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `dealsyncd` binary, run as a child process with its own environment, stderr
/// captured to a file, and helpers to signal it and wait for its exit.
final class DaemonProcess {
    /// `.build/debug/dealsyncd`, found from this file's location in the checkout, unless
    /// `DEALSYNC_DAEMON_BINARY` names another build (a release one, for measurements).
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["DEALSYNC_DAEMON_BINARY"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/dealsyncd").path
    }

    /// Fails with a message saying how to build the binary when it is missing.
    static func requireBinary() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: binaryPath) else {
            throw DaemonTestError("dealsyncd is not built at \(binaryPath); run `swift build --product dealsyncd` first")
        }
        return binaryPath
    }

    let process = Process()
    let stderrPath: String
    let launchedAt: ContinuousClock.Instant

    /// Starts `executable arguments…` (the daemon itself unless a wrapper is given) with
    /// `environment` added to a minimal one (no inherited NOTIFY_SOCKET).
    init(arguments: [String], environment: [String: String] = [:], executable: String? = nil, workDir: String) throws {
        stderrPath = workDir + "/dealsyncd-\(UUID().uuidString.prefix(6)).stderr"
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try executable ?? Self.requireBinary())
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": workDir]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        launchedAt = ContinuousClock.now
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// The exit status, or nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Resident set size in KiB, from /proc/PID/status.
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}

struct DaemonTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A loopback TCP port that was free a moment ago.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
            bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
        }
    }
    guard bound else { throw DaemonTestError("cannot find a free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// A scratch directory for one daemon run, removed afterwards.
final class DaemonWorkDir {
    let path: String

    init() throws {
        // Short: Unix socket paths must fit in 108 bytes.
        path = "/tmp/dsd-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// Runs a blocking call (the control client's socket I/O) on a dispatch thread, so it cannot
/// starve the cooperative pool that in-process daemons in the same test run depend on.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
