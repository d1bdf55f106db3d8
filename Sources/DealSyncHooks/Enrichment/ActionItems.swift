import Foundation

/// A request ("Can you send the MSA?"), a commitment ("I'll send the order form Friday"), with
/// the date phrase it names, if any.
public struct ActionItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case request, commitment }

    public var kind: Kind
    /// The sentence it was found in, trimmed.
    public var text: String
    /// The date phrase as written ("by Friday", "tomorrow", "July 3"), if any.
    public var due: String?

    public init(kind: Kind, text: String, due: String? = nil) {
        self.kind = kind
        self.text = text
        self.due = due
    }
}

/// Finds action items sentence by sentence with cue phrases. A sentence is one item at most;
/// a commitment cue wins over a request cue ("I'll send it — can you confirm?" is ours to do);
/// a question to the reader is a request for an answer.
public enum ActionItemExtractor {
    public static func extract(_ text: String) -> [ActionItem] {
        sentences(text).compactMap { sentence in
            let lower = " " + sentence.lowercased().replacingOccurrences(of: "’", with: "'") + " "
            let kind: ActionItem.Kind
            // "Let me know" asks; it is not "let me do it".
            let withoutAsks = lower.replacingOccurrences(of: " let me know ", with: " ")
            if commitmentCues.contains(where: withoutAsks.contains)
                || withoutAsks.range(of: #"\b(?:i|we)(?:'ve| have)?\s+(?:[a-z,]+\s+){0,3}?(?:will|shall)\s"#, options: .regularExpression) != nil {
                kind = .commitment
            } else if requestCues.contains(where: lower.contains) || sentence.hasSuffix("?") {
                kind = .request
            } else {
                return nil
            }
            return ActionItem(kind: kind, text: sentence, due: dueDate(in: sentence))
        }
    }

    private static let commitmentCues = [
        " i will ", " i'll ", " we will ", " we'll ", " i'm going to ", " we're going to ", " i am going to ",
        " let me ", " i can send ", " we can send ", " i'll get ", " i shall ", " will send ", " will follow up ",
        " will get back ", " i'll circle back ", " on it ", " i'm sending ", " we're sending ", " i commit ",
        " i promise ", " expect it by ", " you'll have ", " you will have ",
    ]

    private static let requestCues = [
        " can you ", " could you ", " would you ", " will you ", " please ", " pls ", " kindly ",
        " let me know ", " let us know ", " send me ", " send us ", " need you to ", " i need ", " we need ",
        " can we ", " could we ", " shall we ", " are you able to ", " would it be possible ",
        " please confirm ", " remind me ", " make sure ", " don't forget ", " do not forget ", " waiting for your ",
        " awaiting your ", " get back to me ", " get back to us ",
    ]

    private static let datePatterns = [
        #"\b(?:by |before |on |until |no later than )?(?:end of (?:day|week|month|quarter|year)|eod|eow|eom|cob)\b"#,
        #"\b(?:by |before |on |until |next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri)\b"#,
        #"\b(?:by |before |until )?(?:today|tonight|tomorrow|next week|next month|this week|this afternoon|this morning|asap)\b"#,
        #"\b(?:by |before |on |until )?(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}(?:st|nd|rd|th)?\b"#,
        #"\b(?:by |before |on |until )?\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b"#,
        #"\b(?:by |before |on |until )?\d{4}-\d{2}-\d{2}\b"#,
        #"\b(?:in|within) (?:\d+|a|one|two|three|a couple of) (?:days?|weeks?|business days?|hours?)\b"#,
        #"\b(?:by |before )?q[1-4]\b"#,
    ]

    /// The first date phrase in the sentence, as written.
    public static func dueDate(in sentence: String) -> String? {
        var best: Range<String.Index>?
        for pattern in datePatterns {
            if let range = sentence.range(of: pattern, options: [.regularExpression, .caseInsensitive]),
               best == nil || range.lowerBound < best!.lowerBound {
                best = range
            }
        }
        return best.map { String(sentence[$0]) }
    }

    /// Sentences split at . ! ? and line breaks, skipping greetings-only fragments.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > 3 { result.append(trimmed) }
            current = ""
        }
        var previous: Character = " "
        for character in text {
            if character == "\n" {
                flush()
            } else {
                current.append(character)
                // "e.g." and "10.5" are not ends; a period followed later by a space is.
                if character == "!" || character == "?" { flush() }
                if previous == "." && character == " " { flush() }
            }
            previous = character
        }
        flush()
        return result
    }
}
