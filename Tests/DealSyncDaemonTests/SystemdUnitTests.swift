import Foundation
import Testing

private let systemdAnalyze = "/usr/bin/systemd-analyze"

/// The shipped unit file must stay hardened and valid. `systemd-analyze` runs offline here, so
/// no systemd instance is needed; without the tool these tests are skipped, not passed.
@Suite(
    "systemd unit",
    .enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze), "systemd-analyze is not installed"))
struct SystemdUnitTests {
    static let analyze = systemdAnalyze
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let unit = root.appendingPathComponent("systemd/dealsyncd.service").path

    @Test("systemd-analyze security rates the unit at exposure 1.5 or lower")
    func securityExposure() throws {
        let (status, output) = try Self.run([
            "security", "--offline=yes", "--threshold=15", "--no-pager", Self.unit,
        ])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(number, "cannot read the exposure from: \(line)")
        #expect(exposure <= 1.5, "\(line)")
        print("systemd-analyze security: \(line.trimmingCharacters(in: .whitespaces))")
    }

    @Test("systemd-analyze verify accepts the unit with ExecStart pointing at the built binary")
    func verify() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/dealsyncd").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build dealsyncd first: swift build --product dealsyncd")
        let dir = NSTemporaryDirectory() + "dealsync-unit-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/dealsyncd", with: binary)
        let copy = dir + "/dealsyncd.service"
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["verify", copy])
        #expect(status == 0)
        #expect(output.isEmpty, "systemd-analyze verify complained:\n\(output)")
    }

    @Test("the unit keeps the directives the daemon's contract relies on")
    func contract() throws {
        let lines = Set(try String(contentsOfFile: Self.unit, encoding: .utf8).split(separator: "\n").map(String.init))
        for required in [
            "Type=notify", "Restart=on-failure", "RestartPreventExitStatus=78", "ExecReload=/bin/kill -HUP $MAINPID",
            "StateDirectory=dealsync", "RuntimeDirectory=dealsync", "ConfigurationDirectory=dealsync",
            "MemoryDenyWriteExecute=yes", "NoNewPrivileges=yes",
        ] {
            #expect(lines.contains(required), "missing \(required)")
        }
        #expect(lines.contains { $0.hasPrefix("WatchdogSec=") })
        #expect(lines.contains { $0.hasPrefix("#LoadCredential=") || $0.hasPrefix("LoadCredential=") })
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
