import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One blocking loop per run, on a Dispatch thread: feeds stdin, drains stdout and stderr with
/// poll(2), enforces the deadline and the output cap, then reaps the child. One loop rather
/// than a thread per pipe, so a hook that never reads its stdin cannot deadlock us.
struct CommandPump {
    let runner: CommandHookRunner
    let child: SpawnedCommand
    let input: [UInt8]

    static let maxLineBytes = 4096

    private enum Stop { case timedOut, cancelled, outputTooLarge }

    func run() throws -> Data {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: runner.timeout)
        var stop: Stop?
        var terminatedAt: ContinuousClock.Instant?
        var killed = false
        var stdin: Int32? = input.isEmpty ? nil : child.stdin
        if stdin == nil { _ = close(child.stdin) }
        var stdout: Int32? = child.stdout
        var stderr: Int32? = child.stderr
        var written = 0
        var output: [UInt8] = []
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)

        func signalGroup(_ reason: Stop) {
            if stop == nil { stop = reason }
            guard terminatedAt == nil else { return }
            terminatedAt = clock.now
            _ = kill(-child.pid, SIGTERM)
        }
        func flushLine() {
            guard !line.isEmpty else { return }
            runner.stderrLine(String(decoding: line.prefix(Self.maxLineBytes), as: UTF8.self))
            line.removeAll(keepingCapacity: true)
        }
        defer {
            for fd in [stdin, stdout, stderr, child.wakeRead].compactMap({ $0 }) { _ = close(fd) }
        }

        while stdout != nil || stderr != nil {
            let now = clock.now
            if now >= deadline { signalGroup(.timedOut) }
            if let terminatedAt, !killed, now >= terminatedAt.advanced(by: runner.killGrace) {
                _ = kill(-child.pid, SIGKILL)
                killed = true
            }
            // A grandchild that left the group could hold the pipes open forever: once the group
            // was killed, stop reading after one more grace period.
            if killed, let terminatedAt, now >= terminatedAt.advanced(by: runner.killGrace * 2) { break }
            let until = terminatedAt.map { $0.advanced(by: runner.killGrace * (killed ? 2 : 1)) } ?? deadline
            let waitMS = Int32(clamping: max(0, Int(((until - now) / .milliseconds(1)).rounded(.up))))

            var fds = [pollfd(fd: child.wakeRead, events: Int16(POLLIN), revents: 0)]
            if let stdin { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if let stdout { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if let stderr { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), min(waitMS, 1000))
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }

            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case child.wakeRead:
                    signalGroup(.cancelled)
                case stdin:
                    let n = input.withUnsafeBytes { write(entry.fd, $0.baseAddress! + written, $0.count - written) }
                    if n > 0 { written += n }
                    // EPIPE: the hook stopped reading; what it wrote still counts.
                    if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
                        _ = close(entry.fd)
                        stdin = nil
                    }
                case stdout:
                    let n = read(entry.fd, &buffer, buffer.count)
                    if n > 0 {
                        output += buffer[0..<n]
                        if output.count > runner.maxOutputBytes {
                            signalGroup(.outputTooLarge)
                            _ = close(entry.fd)
                            stdout = nil
                        }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        _ = close(entry.fd)
                        stdout = nil
                    }
                default:
                    let n = read(entry.fd, &buffer, buffer.count)
                    if n > 0 {
                        for byte in buffer[0..<n] {
                            if byte == UInt8(ascii: "\n") { flushLine() } else if line.count <= Self.maxLineBytes { line.append(byte) }
                        }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        flushLine()
                        _ = close(entry.fd)
                        stderr = nil
                    }
                }
            }
        }
        flushLine()
        if let open = stdin {
            _ = close(open)
            stdin = nil
        }

        let status = reap(deadline: deadline, clock: clock, terminatedAt: &terminatedAt, killed: &killed, stop: &stop)
        switch stop {
        case .timedOut?: throw CommandHookError(code: .timedOut)
        case .cancelled?: throw CommandHookError(code: .cancelled)
        case .outputTooLarge?: throw CommandHookError(code: .outputTooLarge)
        case nil: break
        }
        let low = status & 0x7f
        if low == 0 {
            let code = (status >> 8) & 0xff
            if code != 0 { throw CommandHookError(code: .exited(status: code)) }
            return Data(output)
        }
        throw CommandHookError(code: .signalled(low))
    }

    /// Waits for the child, still enforcing the deadline: a hook may close its pipes and linger.
    private func reap(deadline: ContinuousClock.Instant, clock: ContinuousClock, terminatedAt: inout ContinuousClock.Instant?,
                      killed: inout Bool, stop: inout Stop?) -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(child.pid, &status, WNOHANG)
            if result == child.pid { return status }
            if result < 0 && errno != EINTR { return status }
            let now = clock.now
            if terminatedAt == nil, now >= deadline {
                if stop == nil { stop = .timedOut }
                terminatedAt = now
                _ = kill(-child.pid, SIGTERM)
            }
            if let terminatedAt, !killed, now >= terminatedAt.advanced(by: runner.killGrace) {
                _ = kill(-child.pid, SIGKILL)
                killed = true
            }
            usleep(2_000)
        }
    }
}
