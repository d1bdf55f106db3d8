import DealSyncControl
@testable import DealSyncDaemon
import Foundation
import Glibc
import Testing

/// The built `dealsyncctl` against a real control server: global options before the
/// subcommand, `--json`, the health plugin line and exit codes, and a write refused for a
/// caller who is not allowed (run as another uid with `setpriv` when the tests run as root).
@Suite("dealsyncctl against a control server", .serialized, .enabled(if: CLI.isBuilt, "dealsyncctl is not built"))
struct ControlServerCLITests {
    @Test("--json before the subcommand prints the reply as one JSON document")
    func jsonVersion() async throws {
        try await withControlServer(table: cliTable()) { path in
            let run = try await CLI.run(["--socket", path, "--json", "version"])
            #expect(run.status == 0)
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            let reply = try ControlCodec.makeDecoder().decode(ControlReply.self, from: Data(run.stdout.utf8))
            #expect(try reply.result(as: VersionInfo.self).version == "test-1")
        }
    }

    @Test("status prints a source table")
    func statusTable() async throws {
        try await withControlServer(table: cliTable()) { path in
            let run = try await CLI.run(["status", "--socket", path])
            #expect(run.status == 0)
            #expect(run.stdout.contains("dealsyncd test-1: ready"))
            #expect(run.stdout.contains("acme/sf"))
            #expect(run.stdout.contains("SOURCE"))
        }
    }

    @Test("health is one plugin line with exit 2 when a condition is critical")
    func healthCritical() async throws {
        let report = HealthReport(summary: "1 source", conditions: [
            HealthCondition(code: "store.readonly", severity: .critical, message: "disk full"),
        ])
        try await withControlServer(table: cliTable(health: report)) { path in
            let run = try await CLI.run(["--socket", path, "health"])
            #expect(run.stdout == "DEALSYNC CRITICAL - store.readonly: disk full\n")
            #expect(run.status == 2)
        }
    }

    @Test("health is UNKNOWN with exit 3 when no daemon listens")
    func healthUnknown() async throws {
        let run = try await CLI.run(["--socket", makeControlSocketPath(), "health"])
        #expect(run.stdout.hasPrefix("DEALSYNC UNKNOWN - cannot reach dealsyncd"))
        #expect(run.status == 3)
    }

    @Test("a daemon error goes to stderr with exit 1")
    func daemonError() async throws {
        try await withControlServer(table: cliTable()) { path in
            let run = try await CLI.run(["--socket", path, "resume", "acme/sf"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("unknown_command"))
            #expect(run.stdout.isEmpty)
        }
    }

    @Test(
        "a write from a uid that is not allowed is forbidden and audited; reads still work",
        .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root and setpriv"))
    func forbiddenWrite() async throws {
        let audit = AuditRecorder()
        try await withControlServer(table: cliTable(), configuration: { $0.socketMode = 0o666 }, audit: { await audit.append($0) }) { path in
            let nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CLI.path]
            let write = try await CLI.run(["--socket", path, "pause", "acme/sf"], prefix: nobody)
            #expect(write.status == 1)
            #expect(write.stderr.contains("forbidden"))
            let read = try await CLI.run(["--socket", path, "version"], prefix: nobody)
            #expect(read.status == 0)
            #expect(read.stdout == "dealsyncd test-1\n")
        }
        let entries = await audit.entries
        #expect(entries.map(\.outcome) == [.denied])
        #expect(entries.first?.caller.uid == 65534)
    }

    private func cliTable(health: HealthReport = HealthReport(summary: "ok", conditions: [])) -> ControlCommandTable {
        var table = testCommandTable()
        table.register(StatusCommand.self) { _, _ in
            StatusReport(
                version: "test-1", state: .ready, startedAt: Date(), uptimeSeconds: 5, configPath: nil, pid: getpid(),
                sources: [SourceStatus(org: OrgID("acme"), source: SourceID("sf"), kind: "salesforce", objects: [.deal])],
                conditions: [])
        }
        table.register(HealthCommand.self) { _, _ in health }
        return table
    }
}

/// Runs the built `dealsyncctl`.
enum CLI {
    /// Next to the running test bundle (`.build/debug`), or found from this file's location.
    static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dealsyncctl").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/dealsyncctl").path
    }

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }

    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], prefix: [String] = []) async throws -> Outcome {
        let command = prefix.isEmpty ? [path] + arguments : prefix + arguments
        return try await ControlClient.offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            process.environment = ["PATH": "/usr/bin:/bin"]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Outcome(
                status: process.terminationStatus,
                stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }
}
