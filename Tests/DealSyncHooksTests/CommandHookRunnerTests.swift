import DealSyncCore
import DealSyncHooks
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CommandHookRunnerTests {
    /// Collects the stderr lines the runner hands to its logger callback.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    static func sh(_ script: String, timeout: Duration = .seconds(10), killGrace: Duration = .seconds(2),
                   maxOutputBytes: Int = 1 << 20, lines: Lines = Lines()) -> CommandHookRunner {
        CommandHookRunner(argv: ["/bin/sh", "-c", script], timeout: timeout, killGrace: killGrace,
                          maxOutputBytes: maxOutputBytes, stderrLine: { lines.append($0) })
    }

    /// Alive means it exists and is not a zombie waiting for a parent that is not us to reap it.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    static func waitGone(_ pids: [pid_t], within seconds: Double = 3) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if !pids.contains(where: isAlive) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !pids.contains(where: isAlive)
    }

    static func pids(_ lines: Lines) -> [pid_t] { lines.all.compactMap { pid_t($0) } }

    static func change() -> HookChange {
        HookChange(org: OrgID("acme"), record: .make(), kind: .deal, fields: ["name": .string("Renewal for jane@acme.example")], at: Date())
    }

    @Test("a command reads the request on stdin and its JSON reply becomes an edit")
    func success() async throws {
        let lines = Lines()
        let runner = Self.sh(#"cat > "$0.request"; grep -q '\[EMAIL\]' "$0.request" && rm "$0.request" && echo ok >&2; printf '{"edits":[{"field":"segment","value":{"t":"string","v":"smb"}}]}'"#
                             .replacingOccurrences(of: "$0", with: FileManager.default.temporaryDirectory.appendingPathComponent("hook-\(UUID().uuidString)").path),
                             lines: lines)
        let hook = ExternalHook(name: "segment", writableFields: ["segment"], timeout: .seconds(10), invoke: runner.invoke)
        let (work, outcomes) = await HookPipeline(hooks: [GuardrailHook(timeout: .seconds(10)), hook]).run(Self.change())
        #expect(outcomes.map(\.outcome) == [.success, .success])
        #expect(work.edits == [FieldEdit(record: work.change.record, field: "segment", value: .string("smb"))])
        #expect(lines.all == ["ok"])   // the request it read was the redacted one
    }

    @Test("a reply that is not valid against the schema is rejected and sync goes on")
    func invalidReply() async throws {
        for reply in ["not json", #"{"edits":[{"field":"amount","value":{"t":"decimal","v":"1"}}]}"#] {
            let hook = ExternalHook(name: "bad", writableFields: ["segment"], timeout: .seconds(10),
                                    invoke: Self.sh("cat >/dev/null; printf '%s' '\(reply)'").invoke)
            let (work, outcomes) = await HookPipeline(hooks: [GuardrailHook(timeout: .seconds(10)), hook]).run(Self.change())
            #expect(outcomes.map(\.outcome) == [.success, .failure])
            #expect(work.edits.isEmpty)
        }
    }

    @Test("on timeout the command and its children get SIGTERM and are gone")
    func timeoutKills() async throws {
        let lines = Lines()
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: CommandHookError(code: .timedOut)) {
            try await Self.sh("echo $$ >&2; sleep 30 & echo $! >&2; wait", timeout: .milliseconds(300), lines: lines).run(Data("{}".utf8))
        }
        #expect(clock.now - started < .seconds(2))
        let pids = Self.pids(lines)
        #expect(pids.count == 2)
        #expect(await Self.waitGone(pids))
    }

    @Test("a command that ignores SIGTERM is killed with SIGKILL after the grace period")
    func sigkillAfterGrace() async throws {
        let lines = Lines()
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: CommandHookError(code: .timedOut)) {
            try await Self.sh("trap '' TERM; echo $$ >&2; sleep 30 & echo $! >&2; wait; wait", timeout: .milliseconds(200),
                              killGrace: .milliseconds(300), lines: lines).run(Data("{}".utf8))
        }
        let elapsed = clock.now - started
        #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(3))
        #expect(await Self.waitGone(Self.pids(lines)))
    }

    @Test("when the pipeline's timeout cancels the hook, the command is killed")
    func cancellationKills() async throws {
        let lines = Lines()
        let hook = ExternalHook(name: "slow", writableFields: [], timeout: .milliseconds(300),
                                invoke: Self.sh("echo $$ >&2; exec sleep 30", lines: lines).invoke)
        let (_, outcomes) = await HookPipeline(hooks: [GuardrailHook(timeout: .seconds(10)), hook]).run(Self.change())
        #expect(outcomes.map(\.outcome) == [.success, .failure])
        #expect(await Self.waitGone(Self.pids(lines)))
    }

    @Test("stderr lines reach the logger callback, each line once")
    func stderrCaptured() async throws {
        let lines = Lines()
        let reply = try await Self.sh(#"cat >/dev/null; echo "first line" >&2; printf 'second\nthird' >&2; printf '{"edits":[]}'"#,
                                      lines: lines).run(Data("{}".utf8))
        #expect(String(decoding: reply, as: UTF8.self) == #"{"edits":[]}"#)
        #expect(lines.all == ["first line", "second", "third"])
    }

    @Test("a non-zero exit is a failure, whatever the command printed")
    func nonZeroExit() async throws {
        await #expect(throws: CommandHookError(code: .exited(status: 3))) {
            try await Self.sh(#"printf '{"edits":[]}'; exit 3"#).run(Data("{}".utf8))
        }
    }

    @Test("output beyond the cap fails the run and stops the command")
    func outputCap() async throws {
        await #expect(throws: CommandHookError(code: .outputTooLarge)) {
            try await Self.sh("yes", maxOutputBytes: 10_000).run(Data("{}".utf8))
        }
    }

    @Test("a program that does not exist fails to spawn")
    func missingProgram() async throws {
        let runner = CommandHookRunner(argv: ["/nonexistent/dealsync-hook"])
        await #expect(throws: CommandHookError(code: .spawnFailed(errno: ENOENT))) { try await runner.run(Data("{}".utf8)) }
    }

    @Test("a large request is fed to a command that reads it slowly, without deadlock")
    func largeInput() async throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let reply = try await Self.sh("wc -c | tr -d ' '").run(input)
        #expect(String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "\(1 << 20)")
    }
}
