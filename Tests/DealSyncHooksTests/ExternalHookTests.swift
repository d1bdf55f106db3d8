import DealSyncCore
import DealSyncHooks
import Foundation
import Synchronization
import Testing

@Suite struct ExternalHookTests {
    /// Keeps what the hook was sent; the lock only guards the captured bytes.
    final class Sent: Sendable {
        let body = Mutex<Data?>(nil)
    }

    func run(reply: String, sent: Sent = Sent(), guardrail: Bool = true) async -> (HookWork, [HookOutcome]) {
        let external = ExternalHook(name: "enrich-crm", writableFields: ["segment"]) { request in
            sent.body.withLock { $0 = request }
            return Data(reply.utf8)
        }
        let hooks: [any Hook] = guardrail ? [GuardrailHook(timeout: .seconds(60)), external] : [external]
        let change = dealChange(fields: ["name": .string("Call Jane at 415-555-0199")], texts: ["reply to jane@acme.com"])
        let (work, outcomes) = await HookPipeline(hooks: hooks).run(change)
        return (work, outcomes.map(\.outcome))
    }

    @Test func validRepliesBecomeLocalEditsAndOnlyRedactedDataIsSent() async throws {
        let sent = Sent()
        let (work, outcomes) = await run(reply: #"{"edits": [{"field": "segment", "value": {"t": "string", "v": " enterprise "}}]}"#, sent: sent)
        #expect(outcomes == [.success, .success])
        #expect(work.edits == [FieldEdit(record: work.change.record, field: "segment", value: .string("enterprise"))])
        let body = String(decoding: try #require(sent.body.withLock { $0 }), as: UTF8.self)
        #expect(body.contains("[PHONE]") && body.contains("[EMAIL]"))
        #expect(!body.contains("415-555-0199") && !body.contains("jane@acme.com"))
    }

    @Test(arguments: [
        "not json",
        #"{"edits": [{"field": "amount", "value": {"t": "decimal", "v": "1"}}]}"#,
        #"{"edits": [{"field": "segment", "value": "bare string"}]}"#,
        #"{"result": "ok"}"#,
    ])
    func invalidRepliesAreDroppedWithoutBlockingSync(reply: String) async {
        let (work, outcomes) = await run(reply: reply)
        #expect(outcomes == [.success, .failure])
        #expect(work.edits.isEmpty)
    }

    @Test func withoutTheGuardrailNothingIsSent() async {
        let sent = Sent()
        let (_, outcomes) = await run(reply: #"{"edits": []}"#, sent: sent, guardrail: false)
        #expect(outcomes == [.failure])
        #expect(sent.body.withLock { $0 } == nil)
    }
}
