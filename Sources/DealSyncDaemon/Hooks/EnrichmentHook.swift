import DealSyncHooks

/// The enrichment stage: each redacted text of the change (a new email's body) through the
/// `EmailEnricher`. It reads only what the guardrail let through, so an email address or phone
/// number never reaches it; with outbound work held there is nothing to read and it adds nothing.
struct EnrichmentHook: Hook {
    let name = "enrichment"
    let stage = HookStage.enrichment
    let timeout: Duration
    let enricher: EmailEnricher

    init(enricher: EmailEnricher = EmailEnricher(), timeout: Duration = .seconds(1)) {
        self.enricher = enricher
        self.timeout = timeout
    }

    func run(_ work: HookWork) async throws -> HookWork {
        var work = work
        work.enrichments = try work.redactedTexts.map { text in
            try Task.checkCancellation()
            return enricher.enrich(EmailFacts(participants: [], newText: text))
        }
        return work
    }
}
