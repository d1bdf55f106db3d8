import DealSyncCore
@testable import DealSyncDaemon
import DealSyncQueue
import Foundation
import Testing

@Suite("connectors/*.yaml rate budgets")
struct ConnectorConfigTests {
    let loader = ConfigLoader(environment: .init(variables: [:]))

    @Test("the shipped connectors/ load, and each seeds its kind's budget and batching")
    func shippedFiles() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let fixture = try ConfigFixture()
        let config = try loader.load(yaml: "connectors_dir: \(repo)/connectors\n", path: fixture.configPath)
        #expect(Set(config.connectors.keys) == Set(CRMKind.allCases))
        let hubspot = try #require(config.connectors[.hubspot])
        #expect(hubspot.budget.burstLimit == 100 && hubspot.budget.burstWindow == 10)
        #expect(hubspot.budget.dailyLimit == 250_000 && hubspot.budget.dailyShare == 0.8 && hubspot.budget.reservedShare == 0.2)
        #expect(hubspot.batches == .hubspot)
        #expect(config.connectors[.salesforce]?.batches.batchSize == 200)
        #expect(config.connectors[.pipedrive]?.budget.burstWindow == 2)
    }

    @Test("a file's values override the published defaults; omitted keys keep them")
    func overrides() throws {
        let fixture = try ConfigFixture()
        try fixture.write("connectors/pd.yml", """
            kind: pipedrive
            burst: {requests: 20, window: 2s}
            daily:
            reserved_share: 25%
            batch: {concurrent: 2}
            """)
        let config = try loader.load(yaml: "connectors_dir: connectors\n", path: fixture.configPath)
        let pipedrive = try #require(config.connectors[.pipedrive])
        #expect(pipedrive.budget.burstLimit == 20)
        #expect(pipedrive.budget.dailyLimit == nil, "an empty daily: means no daily quota")
        #expect(pipedrive.budget.reservedShare == 0.25)
        #expect(pipedrive.batches == BatchLimits(batchSize: 1, concurrentBatches: 2))
        #expect(config.connectors[.hubspot] == nil, "a kind without a file uses the published defaults")
    }

    @Test("every problem names the connector file, line and key")
    func errors() throws {
        let fixture = try ConfigFixture()
        let file = try fixture.write("connectors/hubspot.yaml", """
            kind: hubspot
            burst:
              requests: many
            daily: {requests: 1000, max_share: 1.5}
            reserved_share: 0.95
            batch: {size: 500}
            colour: blue
            """)
        try fixture.write("connectors/again.yaml", "kind: hubspot\nburst: {requests: 1, window: 1s}\n")
        try fixture.write("connectors/nokind.yaml", "burst: {requests: 1, window: 1s}\n")
        #expect {
            try loader.load(yaml: "connectors_dir: connectors\n", path: fixture.configPath)
        } throws: { error in
            let text = "\((error as? ConfigError)?.description ?? "")"
            let expected = [
                "\(file):3: burst.requests: expected a positive whole number, found \"many\"",
                "\(file):2: burst.window: missing required key",
                "\(file):4: daily.max_share: expected a share from above 0 up to 1",
                "\(file):5: reserved_share: at most 0.9",
                "\(file):6: batch.size: hubspot accepts at most 100 records per write request",
                "\(file):7: colour: unknown key \"colour\"",
                "\(fixture.directory)/connectors/nokind.yaml:1: kind: missing required key",
                "kind: hubspot is already configured by \(fixture.directory)/connectors/again.yaml",
            ]
            let missing = expected.filter { !text.contains($0) }
            if !missing.isEmpty { Issue.record("missing \(missing) in:\n\(text)") }
            return missing.isEmpty
        }
    }
}
