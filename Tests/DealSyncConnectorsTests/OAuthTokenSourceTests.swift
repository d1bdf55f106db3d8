import Crypto
import DealSyncCore
import Foundation
import Synchronization
import Testing
@testable import DealSyncConnectors

@Suite struct OAuthTokenSourceTests {
    final class Counter: Sendable {
        let refreshes = Mutex(0)
        let persisted = Mutex<[String]>([])
    }

    @Test func concurrentRefusalsShareOneRefreshAndPersistTheRotatedToken() async throws {
        let counter = Counter()
        let source = OAuthTokenSource(
            refreshToken: "r0", initialAccessToken: "a0",
            refresh: { old in
                let n = counter.refreshes.withLock { $0 += 1; return $0 }
                try await Task.sleep(for: .milliseconds(50))
                return TokenGrant(accessToken: "a\(n)", refreshToken: "r\(n)", expiresAt: nil)
            },
            persist: { token in counter.persisted.withLock { $0.append(token) } })
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await source.refused("a0") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(tokens) == ["a1"])
        #expect(counter.refreshes.withLock { $0 } == 1)
        #expect(counter.persisted.withLock { $0 } == ["r1"])
        // A caller that still holds the old token gets the new one without another refresh.
        #expect(try await source.refused("a0") == "a1")
        #expect(counter.refreshes.withLock { $0 } == 1)
    }

    @Test func expiringTokensAreRefreshedBeforeUse() async throws {
        let counter = Counter()
        let clock = Mutex(Date(timeIntervalSince1970: 1_000))
        let source = OAuthTokenSource(
            refreshToken: "r", refresh: { _ in
                let n = counter.refreshes.withLock { $0 += 1; return $0 }
                return TokenGrant(accessToken: "a\(n)", refreshToken: nil, expiresAt: clock.withLock { $0 }.addingTimeInterval(1800))
            }, persist: { _ in Issue.record("nothing to persist without rotation") },
            now: { clock.withLock { $0 } })
        #expect(try await source.token() == "a1")
        #expect(try await source.token() == "a1")
        clock.withLock { $0 = $0.addingTimeInterval(1790) }
        #expect(try await source.token() == "a2")
    }

    @Test func sealedSecretRoundTripsAndRefusesTheWrongKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sealed-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = SealedSecretFile(path: dir + "/hubspot.token", key: SymmetricKey(size: .bits256))
        try file.write("refresh-token-secret")
        #expect(try file.read() == "refresh-token-secret")
        let onDisk = try #require(FileManager.default.contents(atPath: file.path))
        #expect(!String(decoding: onDisk, as: UTF8.self).contains("refresh-token-secret"))
        let wrong = SealedSecretFile(path: file.path, key: SymmetricKey(size: .bits256))
        #expect(throws: SyncError.self) { try wrong.read() }
    }
}
