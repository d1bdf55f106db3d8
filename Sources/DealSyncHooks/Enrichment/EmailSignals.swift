import Foundation

/// What the enrichment stage reads out of a change's (redacted) texts; the feature store
/// folds it into `sentiment_trend` and `competitor_mentions`.
public struct EmailSignals: Sendable, Hashable {
    /// Competitor name (as configured) → mentions.
    public var competitorMentions: [String: Int] = [:]
    /// Sentences that ask for something or name a next step.
    public var actionItems: [String] = []
    /// -1 (negative) … 1 (positive); 0 when no opinion words were found.
    public var sentiment: Double = 0

    public init() {}
}

/// Word lists and patterns: the fallback DESIGN §6 names for when NER is unavailable, and the
/// only extractor this build has. Deterministic, so the same mail always yields the same signals.
public struct EmailSignalExtractor: Sendable {
    public var competitors: [String]

    public init(competitors: [String]) { self.competitors = competitors }

    static let positive: Set<String> = ["great", "good", "excellent", "happy", "pleased", "excited", "love", "agree",
                                        "approved", "approve", "perfect", "thanks", "thank", "interested", "yes", "progress"]
    static let negative: Set<String> = ["concern", "concerns", "concerned", "expensive", "delay", "delayed", "problem",
                                        "issue", "issues", "unfortunately", "cancel", "cancelled", "frustrated", "no",
                                        "budget", "freeze", "risk", "postpone", "postponed", "disappointed", "unhappy"]
    static let asks = try! NSRegularExpression(
        pattern: #"\b(please|can you|could you|action item|next step|follow up|send (?:me|us|over)|by (?:monday|tuesday|wednesday|thursday|friday|eod|end of (?:day|week|month)))\b"#,
        options: [.caseInsensitive])

    public func extract(_ texts: [String]) -> EmailSignals {
        var s = EmailSignals()
        var pos = 0, neg = 0
        for text in texts {
            let lower = text.lowercased()
            let words = lower.split { !$0.isLetter && $0 != "'" }.map(String.init)
            pos += words.filter(Self.positive.contains).count
            neg += words.filter(Self.negative.contains).count
            for name in competitors {
                let n = Self.count(word: name.lowercased(), in: lower)
                if n > 0 { s.competitorMentions[name, default: 0] += n }
            }
            for sentence in Self.sentences(text) {
                let range = NSRange(sentence.startIndex..., in: sentence)
                if Self.asks.firstMatch(in: sentence, range: range) != nil { s.actionItems.append(sentence) }
            }
        }
        s.sentiment = pos + neg == 0 ? 0 : Double(pos - neg) / Double(pos + neg)
        return s
    }

    static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: { ".!?\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Whole-word occurrences, so "Oracle" does not count inside "Oracles-of-Delphi Ltd".
    static func count(word: String, in text: String) -> Int {
        guard !word.isEmpty else { return 0 }
        var n = 0
        var search = text.startIndex..<text.endIndex
        while let r = text.range(of: word, range: search) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { n += 1 }
            search = r.upperBound..<text.endIndex
        }
        return n
    }
}

/// Runs after the guardrail, on redacted texts only, so no extracted sentence carries PII.
public struct EnrichmentHook: Hook {
    public let name = "enrichment"
    public let stage = HookStage.enrichment
    public let timeout: Duration
    let extractor: EmailSignalExtractor

    public init(extractor: EmailSignalExtractor, timeout: Duration = .seconds(1)) {
        self.extractor = extractor
        self.timeout = timeout
    }

    public func run(_ work: HookWork) async throws -> HookWork {
        guard !work.change.texts.isEmpty else { return work }
        guard work.redactedTexts.count == work.change.texts.count else { throw HookFailure.failed("texts not redacted") }
        var work = work
        work.signals = extractor.extract(work.redactedTexts)
        return work
    }
}
