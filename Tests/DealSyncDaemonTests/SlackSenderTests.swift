import DealSyncCore
import DealSyncQueue
import DealSyncSandbox
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

/// The Slack worker's executor against the sandbox's Slack emulator over loopback HTTP.
@Suite("Slack sender")
struct SlackSenderTests {
    /// Notification jobs with these bodies, claimed from a real queue.
    static func jobs(_ bodies: [String], in temp: TemporaryStore) async throws -> [Job] {
        let store = temp.store.org(OrgID("acme"))
        try await store.write { tx in
            for body in bodies {
                try tx.enqueue(JobRequest(source: SlackDelivery.source, kind: .notification, object: SlackDelivery.object,
                                          payload: JobPayload(parameters: ["body": body, "reason": "high_value"])))
            }
        }
        // Only pushes batch: each claim hands out one notification.
        var claimed: [Job] = []
        for _ in bodies {
            claimed += try await DurableQueue(store: store).claim(source: SlackDelivery.source, limits: SlackSender.limits)
        }
        return claimed
    }

    @Test("a message is posted; a bad body dead-letters; a rate limit waits without an attempt")
    func postsAndClassifies() async throws {
        var options = SandboxOptions()
        options.rateLimits["slack"] = RateLimitSetting(limit: 1, window: .seconds(30))
        let sandbox = try await Sandbox.start(seed: 3, deals: 1, options: options, services: [])
        let url = sandbox.baseURL + "/slack" + sandbox.slack.webhookPath
        let sender = SlackSender(webhookURL: { url }, logger: Logger(label: "test"))

        let temp = try TemporaryStore()
        defer { temp.remove() }
        let jobs = try await Self.jobs([#"{"text":"hello team"}"#, #"{"blocks":"nope"}"#, #"{"text":"again"}"#], in: temp)
        try #require(jobs.count == 3)
        let sent = await sender.execute([jobs[0]])
        let bad = await sender.execute([jobs[1]])
        let limited = await sender.execute([jobs[2]])
        await sandbox.shutdown()

        #expect(sent.succeeded == [jobs[0].id])
        #expect(sandbox.slack.messages.map(\.text) == ["hello team"])
        #expect(bad.failed[jobs[1].id]?.kind == .validation, "Slack refused the body: no retry")
        guard case .rateLimited(let until)? = limited.failed[jobs[2].id]?.kind else {
            Issue.record("expected a rate limit, got \(String(describing: limited.failed[jobs[2].id]))")
            return
        }
        #expect(until > Date())
    }

    @Test("an org without a webhook URL keeps its messages for later")
    func noURLRetries() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let jobs = try await Self.jobs([#"{"text":"x"}"#], in: temp)
        let sender = SlackSender(webhookURL: { nil }, logger: Logger(label: "test"))
        let outcome = await sender.execute(jobs)
        #expect(outcome.failed[jobs[0].id]?.kind == .retryable)
    }
}
