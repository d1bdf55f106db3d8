import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// The queue charges a batch's budget with the requests it really made. Salesforce takes plain
/// updates as one collection call but a conditional update (`If-Unmodified-Since`) one record
/// per call, and the count must say so.
@Suite(.serialized) struct RequestCountTests {
    @Test func salesforceConditionalUpdatesCountOneRequestEach() async throws {
        let sandbox = try await Sandbox.start(seed: 11, deals: 10)
        defer { Task { await sandbox.shutdown() } }
        let connector = try ConnectorFactory.make(.init(
            kind: .salesforce, baseURL: sandbox.urls["salesforce"]!, credentials: sandbox.credentials["salesforce"] ?? [:],
            fields: [.deal: ContractFixtures.readFields(.salesforce)], timeout: .seconds(5)))
        let ids = try await connector.changes(of: .deal, after: nil).records.prefix(3).map(\.externalID)
        try #require(ids.count == 3)
        let plain = RequestCount()
        _ = try await plain.measure {
            try await connector.write(.deal, ids.map { .update(externalID: $0, fields: ["Amount": .number(10)], unmodifiedSince: nil) })
        }
        #expect(plain.value == 1)
        let conditional = RequestCount()
        let results = try await conditional.measure {
            try await connector.write(.deal, ids.map { .update(externalID: $0, fields: ["Amount": .number(20)], unmodifiedSince: Date().addingTimeInterval(60)) })
        }
        #expect(conditional.value == 3)
        #expect(results.allSatisfy { if case .written = $0 { true } else { false } })
    }
}
