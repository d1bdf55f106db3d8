import DealSyncControl
import DealSyncCore
import DealSyncHooks
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

@Suite("Hooks config")
struct HooksConfigTests {
    static let env = CredentialEnvironment(variables: ["PD": #"{"api_token":"t"}"#])

    static func yaml(_ hooks: String) -> String {
        """
        orgs:
          acme:
            sources:
              pd:
                kind: pipedrive
                credentials: { env: PD }
        \(hooks.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    @Test("every key parses; an org without the section runs no hooks")
    func fullSection() throws {
        let fixture = try ConfigFixture()
        let model = try fixture.write("models/m.json", "{}")
        let config = try ConfigLoader(environment: Self.env).load(yaml: Self.yaml("""
            hooks:
              slack_webhook_url: https://hooks.slack.com/services/T1/B2/X3
              high_value_amount: 250000
              risk_score_below: 35.5
              alert_min_amount: 5000
              model: models/m.json
              review_confidence: 0.5
              quality_threshold: 0.8
              external:
                - name: crm-notes
                  command: [/usr/local/bin/notes-hook, --json]
                  timeout: 3s
                  writable_fields: [risk]
                - name: enricher
                  url: http://127.0.0.1:8088/hook
            """), path: fixture.configPath)
        let hooks = try #require(config.orgs.first?.hooks)
        #expect(hooks.slackWebhookURL == "https://hooks.slack.com/services/T1/B2/X3")
        #expect(hooks.highValueAmount == 250_000 && hooks.alertMinAmount == 5_000)
        #expect(hooks.riskScoreBelow == 35.5)
        #expect(hooks.model == model)
        #expect(hooks.reviewConfidence == 0.5 && hooks.qualityThreshold == 0.8)
        #expect(hooks.external.map(\.name) == ["crm-notes", "enricher"])
        #expect(hooks.external[0].target == .command(["/usr/local/bin/notes-hook", "--json"]))
        #expect(hooks.external[0].timeout == .seconds(3) && hooks.external[0].writableFields == ["risk"])
        #expect(hooks.external[1].target == .url("http://127.0.0.1:8088/hook"))
        #expect(hooks.external[1].timeout == .seconds(5))

        let empty = try ConfigLoader(environment: Self.env).load(yaml: Self.yaml("hooks: {}"), path: fixture.configPath)
        #expect(empty.orgs.first?.hooks == HooksConfig())
        let none = try ConfigLoader(environment: Self.env).load(yaml: Self.yaml(""), path: fixture.configPath)
        #expect(none.orgs.first?.hooks == nil)
    }

    @Test("each mistake is named by file, line and key")
    func mistakes() throws {
        let issues = try issues(Self.yaml("""
            hooks:
              slack_webhok_url: https://x.example/
              risk_score_below: 140
              review_confidence: high
              high_value_amount: -5
              model: /nonexistent/model.json
              external:
                - name: both
                  command: [x]
                  url: http://127.0.0.1/
                - name: Bad Name
                  command: [y]
                - name: twice
                  command: [z]
                - name: twice
                  url: ftp://nope
            """))
        let expected = [
            "hooks.slack_webhok_url: unknown key \"slack_webhok_url\" (did you mean slack_webhook_url?)",
            "hooks.risk_score_below: expected a number from 0 to 100, found \"140\"",
            "hooks.review_confidence: expected a number from 0 to 1, found \"high\"",
            "hooks.high_value_amount: expected a non-negative amount, found \"-5\"",
            "hooks.model: model file /nonexistent/model.json is not readable",
            "hooks.external[0]: exactly one of command or url is required",
            "hooks.external[1].name: name must be lowercase letters, digits, - or _",
            "hooks.external[3].url: bad URL \"ftp://nope\"",
        ]
        for text in expected {
            #expect(issues.contains { $0.contains("dealsync.yaml:") && $0.contains("orgs.acme." + text) }, "\(text) in \(issues)")
        }
    }

    @Test("a model file that does not load means rules, a log line and a health warning")
    func brokenModelFallsBackToRules() throws {
        let fixture = try ConfigFixture()
        var config = HooksConfig()
        config.model = try fixture.write("models/broken.json", #"{"learner": "not a model"}"#)
        let health = HealthRegistry()
        let scorer = HookPipelineFactory.scorer(for: config, org: OrgID("acme"), health: health, logger: Logger(label: "test"))
        #expect(scorer.model == nil)
        #expect(scorer.score(DealFeatures(["engagement_score": 80])).method == .rules)
        let condition = health.snapshot().conditions.first { $0.code == HealthCode.hooksModelUnavailable.rawValue }
        #expect(condition?.severity == .warning && condition?.org == OrgID("acme"))

        let fine = HealthRegistry()
        config.model = nil
        _ = HookPipelineFactory.scorer(for: config, org: OrgID("acme"), health: fine, logger: Logger(label: "test"))
        #expect(fine.snapshot().conditions.isEmpty, "the shipped default model loads")
    }

    private func issues(_ yaml: String) throws -> [String] {
        do {
            _ = try ConfigLoader(environment: Self.env).load(yaml: yaml, path: "/etc/dealsync/dealsync.yaml")
            Issue.record("expected the config to be rejected")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }
}
