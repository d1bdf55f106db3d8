import DealSyncHooks
import Testing

@Suite struct EnrichmentTests {
    let extractor = EmailSignalExtractor(competitors: ["Globex", "Initech"])

    @Test func findsCompetitorsActionItemsAndSentiment() {
        let s = extractor.extract([
            "Thanks, great call. Globex quoted lower, and Initech too. Could you send over the revised quote by Friday?",
            "We are still comparing with globex.",
        ])
        #expect(s.competitorMentions == ["Globex": 2, "Initech": 1])
        #expect(s.actionItems == ["Could you send over the revised quote by Friday"])
        #expect(s.sentiment == 1)
    }

    @Test func negativeMailsScoreBelowZeroAndWordsMustBeWhole() {
        let s = extractor.extract(["Unfortunately a budget freeze means we must postpone. Globexia is unrelated."])
        #expect(s.sentiment == -1)
        #expect(s.competitorMentions.isEmpty)
        #expect(s.actionItems.isEmpty)
    }

    @Test func runsOnRedactedTextOnly() async {
        let pipeline = HookPipeline(hooks: [EnrichmentHook(extractor: extractor), GuardrailHook()])
        let (work, outcomes) = await pipeline.run(dealChange(texts: ["Please call me on 415-555-0199 about Initech."]))
        #expect(outcomes.map(\.outcome) == [.success, .success])
        #expect(work.signals?.actionItems == ["Please call me on [PHONE] about Initech"])
        #expect(work.signals?.competitorMentions == ["Initech": 1])
        let unguarded = await HookPipeline(hooks: [EnrichmentHook(extractor: extractor)]).run(dealChange(texts: ["x"]))
        #expect(unguarded.outcomes.map(\.outcome) == [.failure])
        #expect(unguarded.work.signals == nil)
    }
}
