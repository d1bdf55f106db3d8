import Foundation
import Testing

/// A bad configuration stops `dealsyncd` before it does anything, with exit 78 (EX_CONFIG, so
/// systemd's RestartPreventExitStatus=78 does not restart-loop) and a message naming file,
/// line and key.
@Suite("dealsyncd refuses bad configuration")
struct DaemonBadConfigTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        /// Expected stderr text after `FILE:`.
        var message: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "missing key",
            yaml: "orgs:\n  acme:\n    sources:\n      hub:\n        credentials: { file: hub.json }\n",
            message: "4: orgs.acme.sources.hub.kind: missing required key"),
        Case(
            name: "wrong type",
            yaml: "http_listen: [127.0.0.1, 80]\n",
            message: "1: http_listen: expected a string, found a list"),
        Case(
            name: "unknown source kind",
            yaml: "orgs:\n  acme:\n    sources:\n      hub:\n        kind: hubsport\n        credentials: { file: hub.json }\n",
            message: #"5: orgs.acme.sources.hub.kind: unknown source kind "hubsport" (expected salesforce, hubspot, pipedrive, gmail, graph)"#),
        Case(
            name: "unreadable credential",
            yaml: "orgs:\n  acme:\n    sources:\n      hub:\n        kind: hubspot\n        credentials: { file: missing.json }\n",
            message: "6: orgs.acme.sources.hub.credentials: cannot read credential file"),
    ]

    @Test("the service exits 78 naming file and key", arguments: cases)
    func serviceRefuses(_ c: Case) async throws {
        let dir = try DaemonWorkDir()
        try dir.write("hub.json", #"{"access_token":"t"}"#)
        let config = try dir.write("dealsync.yaml", c.yaml)
        let daemon = try DaemonProcess(
            arguments: ["--config", config, "--state-dir", dir.path + "/state", "--control-socket", dir.path + "/c.sock"],
            workDir: dir.path)
        #expect(await daemon.waitForExit(timeout: .seconds(20)) == 78)
        #expect(daemon.stderr.contains("\(config):\(c.message)"), "stderr:\n\(daemon.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/state"), "nothing is created for a bad config")
    }

    @Test("check-config exits 78 with the same message", arguments: cases)
    func checkConfigRefuses(_ c: Case) async throws {
        let dir = try DaemonWorkDir()
        try dir.write("hub.json", #"{"access_token":"t"}"#)
        let config = try dir.write("dealsync.yaml", c.yaml)
        let check = try DaemonProcess(arguments: ["check-config", "--config", config], workDir: dir.path)
        #expect(await check.waitForExit(timeout: .seconds(20)) == 78)
        #expect(check.stderr.contains("\(config):\(c.message)"), "stderr:\n\(check.stderr)")
    }

    @Test("check-config accepts a valid file and --version prints one line")
    func validAndVersion() async throws {
        let dir = try DaemonWorkDir()
        let config = try dir.write("dealsync.yaml", "orgs: {}\n")
        let check = try DaemonProcess(arguments: ["check-config", "--config", config], workDir: dir.path)
        #expect(await check.waitForExit(timeout: .seconds(20)) == 0)

        let version = Process()
        version.executableURL = URL(fileURLWithPath: try DaemonProcess.requireBinary())
        version.arguments = ["--version"]
        let pipe = Pipe()
        version.standardOutput = pipe
        try version.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        version.waitUntilExit()
        #expect(version.terminationStatus == 0)
        #expect(output.hasPrefix("dealsyncd "))
        #expect(output.filter { $0 == "\n" }.count == 1)
    }
}
