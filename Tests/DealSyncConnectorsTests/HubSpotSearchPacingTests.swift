@testable import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// HubSpot refuses a sixth search within a second (`SECONDLY`, with no header to warn of it).
/// A poll, a reconciliation and webhook fetches share one connector, so its searches must stay
/// under that limit together rather than learn it from a 429.
@Suite(.serialized) struct HubSpotSearchPacingTests {
    @Test func concurrentSearchesStayUnderTheSecondlyLimit() async throws {
        let sandbox = try await Sandbox.start(seed: 11, deals: 40)
        defer { Task { await sandbox.shutdown() } }
        let connector = try ConnectorFactory.make(.init(
            kind: .hubspot, baseURL: sandbox.urls["hubspot"]!, credentials: sandbox.credentials["hubspot"] ?? [:],
            fields: [.deal: ContractFixtures.readFields(.hubspot)], timeout: .seconds(5), pageSize: 10))
        // Twelve searches at once: without pacing, the emulator answers the sixth onward with 429.
        let throttled = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    do {
                        _ = try await connector.changes(of: .deal, after: nil)
                        return false
                    } catch let error as SyncError {
                        guard case .rateLimited = error.kind else { throw error }
                        return true
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(throttled == 0)
    }

    @Test func aSecondlyRefusalWaitsASecondNotTheBurstWindow() async throws {
        let sandbox = try await Sandbox.start(seed: 11, deals: 10)
        defer { Task { await sandbox.shutdown() } }
        let client = APIClient(baseURL: sandbox.urls["hubspot"]!, auth: .header(
            name: "Authorization", value: "Bearer \(sandbox.credentials["hubspot"]?["private_app_token"] ?? "")"), timeout: .seconds(5))
        // Past the connector's pacing, straight at the API, to provoke the refusal itself.
        var refusal: APIResponse?
        for _ in 0..<8 where refusal == nil {
            let response = try await client.send(.json(.POST, "/crm/v3/objects/deals/search", ["limit": 1]))
            if response.status == 429 { refusal = response }
        }
        let response = try #require(refusal)
        let now = Date()
        let error = HubSpotConnector.error(response, now: now)
        guard case .rateLimited(let until) = error.kind else { Issue.record("not rate-limited: \(error)"); return }
        #expect(error.code == "hubspot.SECONDLY")
        #expect(until == now.addingTimeInterval(1))
    }
}
