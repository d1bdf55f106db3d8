import Foundation

/// Lexicon sentiment in −1…1 over the newest text only, with negation ("not happy"),
/// intensifiers ("very late"), contrast ("good, but late" weighs the second clause more) and
/// emphasis ("!"). The sum is squashed with x/√(x²+α), as VADER does, so long messages do not
/// saturate at the first few words.
public struct SentimentAnalyzer: Sendable {
    /// Scores at or beyond this are labelled positive or negative.
    public var threshold: Double

    public init(threshold: Double = 0.15) { self.threshold = threshold }

    public enum Label: String, Sendable, Hashable, Codable, CaseIterable {
        case positive, neutral, negative
    }

    public func score(_ text: String) -> Double {
        let tokens = SentimentAnalyzer.tokens(text)
        guard !tokens.isEmpty else { return 0 }
        var total = 0.0
        var clause: [Double] = []
        var negateWindow = 0
        var scale = 1.0

        func closeClause(outweighed: Bool) {
            let sum = clause.reduce(0, +)
            total += outweighed ? sum * 0.5 : sum
            clause = []
        }

        for token in tokens {
            if SentimentLexicon.contrasts.contains(token) {
                closeClause(outweighed: true)
                negateWindow = 0
                scale = 1.0
                continue
            }
            if token == "." || token == "?" || token == ";" {
                closeClause(outweighed: false)
                negateWindow = 0
                scale = 1.0
                continue
            }
            if token == "!" {
                if let last = clause.popLast() { clause.append(last * 1.2) }
                continue
            }
            if SentimentLexicon.negators.contains(token) {
                negateWindow = 3
                continue
            }
            if negateWindow > 0, SentimentLexicon.opinionVerbs.contains(token) {
                negateWindow = Int.max / 2
                continue
            }
            if let factor = SentimentLexicon.intensifiers[token] {
                scale *= factor
                continue
            }
            if var weight = SentimentLexicon.weights[token] {
                weight *= scale
                // Negated positives turn mildly negative; negated negatives turn mildly positive
                // ("not bad" is faint praise, not praise).
                if negateWindow > 0 { weight *= -0.6 }
                clause.append(weight)
                scale = 1.0
                if SentimentLexicon.negatingVerbs.contains(token) {
                    negateWindow = 3
                    continue
                }
            }
            if negateWindow > 0 { negateWindow -= 1 }
        }
        closeClause(outweighed: false)
        let alpha = 15.0
        return max(-1, min(1, total / (total * total + alpha).squareRoot()))
    }

    public func label(_ score: Double) -> Label {
        score >= threshold ? .positive : score <= -threshold ? .negative : .neutral
    }

    /// Lowercased words with apostrophes kept ("don't"), and sentence punctuation as tokens.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                current.append(character == "’" ? "'" : character)
            } else {
                flush()
                if character == "!" || character == "?" || character == "." || character == ";" || character == "\n" {
                    tokens.append(character == "\n" ? "." : String(character))
                }
            }
        }
        flush()
        return tokens
    }
}
