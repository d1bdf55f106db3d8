import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// Hooks on the real `dealsyncd` against the sandbox (issue 7's end-to-end list): a deal change
/// in Pipedrive is scored, its score, risk and next action reach all three CRMs, the team hears
/// about it once in Slack, and no second change, restart or catch-up says it again.
@Suite(.serialized) struct HooksEndToEndTests {
    /// Score, risk and next action as each CRM's API names them (mappings/deal.yaml).
    static func hookFields(_ crm: CRMKind) -> [String] {
        switch crm {
        case .salesforce: ["DealSync_Score__c", "DealSync_Risk__c", "DealSync_Next_Action__c"]
        case .hubspot: ["dealsync_score", "dealsync_risk", "dealsync_next_action"]
        case .pipedrive: ["DealSync Score", "DealSync Risk", "DealSync Next Action"]
        }
    }

    /// Each CRM's deals by name, with amount and the three hook fields.
    static func deals(_ sandbox: Sandbox, _ crm: CRMKind) async throws -> [String: RemoteRecord] {
        let connector = try ConnectorFactory.make(.init(
            kind: crm, baseURL: sandbox.urls[crm.rawValue]!, credentials: sandbox.credentials[crm.rawValue] ?? [:],
            fields: [.deal: SyncHarness.dealFields(crm) + hookFields(crm)]))
        var byName: [String: RemoteRecord] = [:]
        var cursor: String?
        while true {
            let page: ChangePage
            do {
                page = try await connector.changes(of: .deal, after: cursor)
            } catch let error as SyncError {
                guard case .rateLimited = error.kind else { throw error }
                try await Task.sleep(for: .seconds(1))
                continue
            }
            for r in page.records { byName[SyncHarness.nameAndAmount(r, crm).0] = r }
            cursor = page.nextCursor
            if !page.hasMore { break }
        }
        return byName
    }

    /// The deal's score as a CRM holds it, nil while it has none.
    static func score(_ record: RemoteRecord?, _ crm: CRMKind) -> Decimal? {
        guard let value = record?.fields[hookFields(crm)[0]] else { return nil }
        return value.decimalValue ?? value.stringValue.flatMap { Decimal(string: $0) }
    }

    static func text(_ record: RemoteRecord?, _ field: String) -> String? {
        record?.fields[field]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Given two Pipedrive deals whose amount a person typed as negative (the evaluator holds
    /// their scores for review), when the daemon has caught up and one deal's amount is fixed,
    /// then its score, risk and next action reach all three CRMs and Slack hears of it once; a
    /// second amount change and a restart send nothing more; approving the other deal's review
    /// writes its held score to every CRM.
    @Test func anAmountChangeIsScoredEverywhereAndAnnouncedOnce() async throws {
        var targets: [String] = []
        let h = try await SyncHarness.start(seed: 11, deals: 12, hooks: true, hooksExtra: [
            "review_confidence: 0", "high_value_amount: 1", "risk_score_below: 0", "alert_min_amount: 1000000000",
        ]) { sandbox in
            let pipedrive = try await Self.deals(sandbox, .pipedrive)
            let only = sandbox.world.deals.filter { $0.presence == [.pipedrive] }.map(\.name)
            let candidates = only.count >= 2 ? only : sandbox.world.deals.filter { $0.presence.contains(.pipedrive) }.map(\.name)
            for name in candidates.prefix(2) {
                let deal = try #require(pipedrive[name])
                _ = try await sandbox.edit("pipedrive", SandboxEdit(object: "deal", id: deal.externalID, fields: ["value": -5]))
                targets.append(name)
            }
        }
        do {
            try #require(targets.count == 2)
            let (fixed, held) = (targets[0], targets[1])
            let expected = Set(h.sandbox.world.deals.map(\.name)).count
            // Backfill: every deal in every CRM, and every deal but the two held ones scored.
            try await h.waitUntil("backfill and its scores to reach every CRM", timeout: .seconds(90)) {
                for crm in CRMKind.allCases {
                    let deals = try await Self.deals(h.sandbox, crm)
                    guard deals.count == expected else { return false }
                    let scored = deals.filter { Self.score($0.value, crm) != nil }.keys
                    guard scored.count == expected - 2, !scored.contains(fixed), !scored.contains(held) else { return false }
                }
                return true
            }
            let reviews = try h.ctl(["review", "list"])
            #expect(reviews.contains("low_quality") && reviews.contains("negative_amount"), "\(reviews)")
            // Two more poll rounds: the daemon has caught up; the initial sync announced nothing.
            try await Task.sleep(for: .seconds(6))
            #expect(h.sandbox.slack.messages.isEmpty, "the initial sync is not news: \(h.sandbox.slack.messages.map(\.text))")

            // When a person fixes the amount in Pipedrive
            let pipedriveID = try #require(try await Self.deals(h.sandbox, .pipedrive)[fixed]?.externalID)
            _ = try await h.sandbox.edit("pipedrive", SandboxEdit(object: "deal", id: pipedriveID, fields: ["value": 48000]))
            // Then score, risk and next action reach all three CRMs
            try await h.waitUntil("the new score to reach every CRM", timeout: .seconds(45)) {
                for crm in CRMKind.allCases {
                    let deal = try await Self.deals(h.sandbox, crm)[fixed]
                    guard let score = Self.score(deal, crm), score >= 0, score <= 100,
                          Self.text(deal, Self.hookFields(crm)[2]) != nil else { return false }
                }
                return true
            }
            var scores: Set<Decimal> = []
            for crm in CRMKind.allCases { scores.insert(try #require(Self.score(try await Self.deals(h.sandbox, crm)[fixed], crm))) }
            #expect(scores.count == 1, "one score everywhere: \(scores)")
            // And Slack hears of it exactly once
            try await h.waitUntil("the Slack message", timeout: .seconds(20)) { !h.sandbox.slack.messages.isEmpty }
            #expect(h.sandbox.slack.messages.count == 1)
            #expect(h.sandbox.slack.messages.first?.text.contains(fixed) == true)

            // The breakdown on demand agrees with what was written back; the hooks are measured.
            let breakdown = try h.ctl(["score", "e2e/\(fixed)"])
            let shown = breakdown.split(separator: "\n").first { $0.hasPrefix("score: ") }
                .flatMap { Decimal(string: String($0.dropFirst(7).prefix { $0 != "/" })) }
            #expect(shown == scores.first, "\(breakdown)")
            #expect(breakdown.contains("method: ") && breakdown.contains("next actions:"), "\(breakdown)")
            let metrics = try await daemonGET(h.port, "/metrics").body
            for series in ["dealsync_hook_seconds", "dealsync_hook_successes_total"] {
                #expect(metrics.contains(series), "\(series) exported")
            }

            // A second amount change the same day: rescored, no second message.
            _ = try await h.sandbox.edit("pipedrive", SandboxEdit(object: "deal", id: pipedriveID, fields: ["value": 52000]))
            try await h.waitUntil("the second change to reach Salesforce and HubSpot", timeout: .seconds(30)) {
                for crm in [CRMKind.salesforce, .hubspot] {
                    guard let deal = try await Self.deals(h.sandbox, crm)[fixed],
                          SyncHarness.nameAndAmount(deal, crm).1 == 52000 else { return false }
                }
                return true
            }
            try await Task.sleep(for: .seconds(4))
            #expect(h.sandbox.slack.messages.count == 1, "no second message for the same deal and reason")

            // The held deal's review, approved, writes its score to every CRM.
            let listed = try h.ctl(["--json", "review", "list"])
            let heldID = try #require(Self.reviewID(listed, containing: "negative_amount"))
            let ack = try h.ctl(["review", "approve", String(heldID)])
            #expect(ack.contains("approved"), "\(ack)")
            try await h.waitUntil("the approved score to reach every CRM", timeout: .seconds(30)) {
                for crm in CRMKind.allCases where Self.score(try await Self.deals(h.sandbox, crm)[held], crm) == nil {
                    return false
                }
                return true
            }
            #expect(!(try h.ctl(["review", "list"]).contains("negative_amount")), "nothing left to review")

            // A restart (SIGKILL) catches up again and announces nothing more.
            try await h.killAndRestart()
            try await h.waitUntil("the restarted daemon to answer", timeout: .seconds(20)) {
                (try? h.ctl(["queue"]))?.contains("ORG") == true
            }
            try await Task.sleep(for: .seconds(6))
            #expect(h.sandbox.slack.messages.count == 1, "a restart does not resend")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    /// The id of the first listed review whose detail mentions `text`, from `review list --json`.
    static func reviewID(_ json: String, containing text: String) -> Int64? {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let result = object["result"] as? [String: Any],
              let reviews = result["reviews"] as? [[String: Any]] else { return nil }
        return reviews.first { ($0["detail"] as? String)?.contains(text) == true }
            .flatMap { ($0["id"] as? NSNumber)?.int64Value }
    }
}
