import Foundation

/// What enrichment found in one message. Each part that failed says so in `fallbacks`
/// instead of failing the whole hook (DESIGN §6: if NER fails, regex; if sentiment fails, 0).
public struct EmailEnrichment: Sendable, Hashable, Codable {
    public var contacts: [EnrichedContact]
    /// External company domains (free-mail and internal excluded).
    public var companyDomains: [String]
    /// The most senior external contact's seniority, a scoring feature.
    public var topSeniority: Seniority
    public var sentiment: Double
    public var sentimentLabel: SentimentAnalyzer.Label
    public var actionItems: [ActionItem]
    public var competitorMentions: [String]
    /// Names of the fallbacks used: "addresses_by_pattern", "sentiment_neutral".
    public var fallbacks: [String]

    enum CodingKeys: String, CodingKey {
        case contacts
        case companyDomains = "company_domains"
        case topSeniority = "top_seniority"
        case sentiment
        case sentimentLabel = "sentiment_label"
        case actionItems = "action_items"
        case competitorMentions = "competitor_mentions"
        case fallbacks
    }
}

/// Enriches one message's facts. Pure: the company lookup (Clearbit-style, cached) is a
/// separate step the daemon runs on `companyDomains`, because it is I/O.
public struct EmailEnricher: Sendable {
    public var config: EnrichmentConfig
    public var sentiment: SentimentAnalyzer

    public init(config: EnrichmentConfig = EnrichmentConfig(), sentiment: SentimentAnalyzer = SentimentAnalyzer()) {
        self.config = config
        self.sentiment = sentiment
    }

    public func enrich(_ facts: EmailFacts) -> EmailEnrichment {
        var fallbacks: [String] = []
        let (contacts, patternFallback) = ContactExtractor.contacts(from: facts, config: config)
        if patternFallback { fallbacks.append("addresses_by_pattern") }

        // Subject lines carry tone too ("Urgent: outage"), but only a reply's own subject.
        let subject = facts.subject.lowercased().hasPrefix("re:") || facts.subject.lowercased().hasPrefix("fw") ? "" : facts.subject
        let scored = sentiment.score(subject.isEmpty ? facts.newText : subject + ".\n" + facts.newText)
        let score = scored.isFinite ? scored : 0
        if !scored.isFinite { fallbacks.append("sentiment_neutral") }

        let ranks: [Seniority] = [.cLevel, .vpPlus, .manager, .ic, .unknown]
        let external = contacts.filter { !$0.isInternal }
        let top = ranks.first { rank in external.contains { $0.seniority == rank } } ?? .unknown

        return EmailEnrichment(
            contacts: contacts,
            companyDomains: ContactExtractor.companyDomains(contacts),
            topSeniority: top,
            sentiment: score,
            sentimentLabel: sentiment.label(score),
            actionItems: ActionItemExtractor.extract(facts.newText),
            competitorMentions: CompetitorMatcher.mentions(in: facts.subject + "\n" + facts.newText, competitors: config.competitors),
            fallbacks: fallbacks
        )
    }
}
