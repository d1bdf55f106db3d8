import DealSyncCore
import DealSyncHooks
import Foundation
import Testing

/// A mail activity's description: the redacted new text and what enrichment found.
@Suite("Activity summary hook")
struct ActivitySummaryHookTests {
    static func work(kind: RecordKind = .activity, redacted: [String], fields: [String: FieldValue] = [:]) -> HookWork {
        var work = HookWork(change: HookChange(org: OrgID("acme"), record: RecordID.make(), kind: kind, fields: fields,
                                               texts: redacted, at: Date()))
        work.redactedTexts = redacted
        return work
    }

    @Test("the description is the redacted text plus sentiment, action items, competitors and attachments")
    func summary() async throws {
        var work = Self.work(redacted: ["Call me at [PHONE]. We are comparing you with Globex; please send the quote by Friday."],
                             fields: ["attachments": .string("quote.pdf (12 KB)")])
        work.enrichments = [EmailEnricher(config: EnrichmentConfig(competitors: ["Globex"])).enrich(
            EmailFacts(participants: [], newText: work.redactedTexts[0]))]
        let out = try await ActivitySummaryHook().run(work)
        let edit = try #require(out.edits.first)
        #expect(edit.field == "description")
        guard case .string(let text) = edit.value else { Issue.record("not text"); return }
        #expect(text.hasPrefix("Call me at [PHONE]."))
        #expect(text.contains("Sentiment: "))
        #expect(text.contains("Action items:\n- request: "))
        #expect(text.contains("Competitors mentioned: Globex"))
        #expect(text.contains("Attachments (not copied): quote.pdf (12 KB)"))
    }

    @Test("no edit without redacted text, for other kinds, or when the description already says it")
    func noEdit() async throws {
        #expect(try await ActivitySummaryHook().run(Self.work(redacted: [])).edits.isEmpty)
        #expect(try await ActivitySummaryHook().run(Self.work(kind: .deal, redacted: ["hi"])).edits.isEmpty)
        #expect(try await ActivitySummaryHook().run(Self.work(redacted: ["hi"], fields: ["description": .string("hi")])).edits.isEmpty)
    }

    @Test("a long text is clipped so the summary always fits")
    func clipped() async throws {
        var work = Self.work(redacted: [String(repeating: "word ", count: 5000)], fields: ["attachments": .string("a.zip (3 MB)")])
        work.enrichments = [EmailEnricher().enrich(EmailFacts(participants: [], newText: "ok"))]
        let out = try await ActivitySummaryHook(maxCharacters: 500).run(work)
        guard case .string(let text)? = out.edits.first?.value else { Issue.record("no edit"); return }
        #expect(text.count <= 500)
        #expect(text.hasSuffix("Attachments (not copied): a.zip (3 MB)"))
    }
}
