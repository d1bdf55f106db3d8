import Foundation
import Testing
@testable import DealSyncSandbox

/// Runs the built `dealsync-sandbox` as an operator would (DESIGN §9).
@Suite struct SandboxExecutableTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/dealsync-sandbox")

    @Test func printsOneJSONLineServesAndStopsCleanlyOnSIGTERM() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the dealsync-sandbox product first")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-exe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--listen", "127.0.0.1:0", "--seed", "7", "--deals", "50",
                             "--write-config", dir.appendingPathComponent("dealsync.yaml").path,
                             "--fault", "lookup:/v2/companies:error=1,status=503,count=1"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let line = try await Task.detached { () -> Data in
            var data = Data()
            while let byte = try stdout.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                data += byte
            }
            return data
        }.value
        let announcement = try JSONDecoder().decode(JSONValue.self, from: line)
        let services = Set(announcement.objectValue?.keys.map { $0 } ?? [])
        #expect(services.isSuperset(of: ["slack", "lookup"]))
        #expect(services.isSubset(of: ["salesforce", "hubspot", "pipedrive", "gmail", "graph", "slack", "lookup"]))
        let lookup = try #require(announcement["lookup"])
        let url = try #require(lookup["url"]?.stringValue)
        #expect(!url.hasSuffix(":0/lookup"), "the real port is printed")
        let auth = ["Authorization": "Bearer " + (lookup["access_token"]?.stringValue ?? "")]
        #expect(try await SandboxHTTP.send("GET", url + "/v2/companies/find?domain=x.example", headers: auth).status == 503,
                "--fault applies")
        #expect(try await SandboxHTTP.send("GET", url + "/v2/companies/find?domain=x.example", headers: auth).status == 404)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("dealsync.yaml").path))

        process.terminate() // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
