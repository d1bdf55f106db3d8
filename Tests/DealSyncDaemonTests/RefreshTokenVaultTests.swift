import DealSyncConnectors
import DealSyncCore
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

/// Rotated refresh tokens survive a restart sealed under `secrets_key`, and give way to a token
/// an admin puts in the credentials later.
@Suite("Refresh token vault")
struct RefreshTokenVaultTests {
    let org = OrgID("acme"), source = SourceID("hubspot")

    func directory() throws -> String {
        let dir = NSTemporaryDirectory() + "vault-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func keyFile(in dir: String, byte: UInt8) throws -> String {
        let path = dir + "/secrets.key"
        try Data(repeating: byte, count: 32).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a rotated token is sealed at once and wins at the next start; a re-authorized one wins over it")
    func roundTrip() async throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = RefreshTokenVault(stateDir: dir, keyFile: try keyFile(in: dir, byte: 7), logger: Logger(label: "test"))
        #expect(vault.startingToken(org: org, source: source, configured: "r1") == "r1")
        try await vault.persist(org: org, source: source, configured: "r1")("r2-rotated")
        let path = dir + "/secrets/acme/hubspot.refresh"
        let sealed = try #require(FileManager.default.contents(atPath: path))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("r2-rotated"), "encrypted at rest")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The next start, same credentials: the rotated token.
        #expect(vault.startingToken(org: org, source: source, configured: "r1") == "r2-rotated")
        // An admin re-authorized and configured a new token: that one.
        #expect(vault.startingToken(org: org, source: source, configured: "r9-new") == "r9-new")
    }

    @Test("a file sealed under another key is reported and the configured token is used")
    func wrongKey() async throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = RefreshTokenVault(stateDir: dir, keyFile: try keyFile(in: dir, byte: 1), logger: Logger(label: "test"))
        try await first.persist(org: org, source: source, configured: "r1")("r2")
        let other = RefreshTokenVault(stateDir: dir, keyFile: try keyFile(in: dir, byte: 2), logger: Logger(label: "test"))
        #expect(other.startingToken(org: org, source: source, configured: "r1") == "r1")
    }

    @Test("without secrets_key nothing is written and the configured token is used")
    func noKey() async throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = RefreshTokenVault(stateDir: dir, keyFile: nil, logger: Logger(label: "test"))
        try await vault.persist(org: org, source: source, configured: "r1")("r2")
        #expect(!FileManager.default.fileExists(atPath: dir + "/secrets"))
        #expect(vault.startingToken(org: org, source: source, configured: "r1") == "r1")
    }

    @Test("secrets_key takes a file or a systemd credential holding a 256-bit key, never the environment")
    func config() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try keyFile(in: dir, byte: 3)
        try "too short".write(toFile: dir + "/bad.key", atomically: true, encoding: .utf8)
        let loader = ConfigLoader(environment: .init(variables: [:], credentialsDirectory: dir))
        let path = dir + "/dealsync.yaml"
        #expect(try loader.load(yaml: "secrets_key: {file: secrets.key}\n", path: path).secretsKeyFile == good)
        #expect(try loader.load(yaml: "secrets_key: {systemd: secrets.key}\n", path: path).secretsKeyFile == good)
        for (yaml, message) in [
            ("secrets_key: {file: bad.key}\n", "must hold 32 bytes"),
            ("secrets_key: {env: KEY}\n", "not the environment"),
        ] {
            do {
                _ = try loader.load(yaml: yaml, path: path)
                Issue.record("accepted \(yaml)")
            } catch {
                #expect(error.issues.map(\.description).joined().contains(message), "\(error.issues)")
                #expect(error.issues.first?.description.hasPrefix(path + ":1: secrets_key: ") == true, "\(error.issues)")
            }
        }
    }
}
