/// Word weights for sales mail, −3…+3. Written for this project from the vocabulary of
/// buyer/seller threads (pricing, delays, approvals), not copied from a general lexicon: in a
/// deal thread "approved" and "signed" matter more than "lovely".
enum SentimentLexicon {
    static let weights: [String: Double] = {
        var table: [String: Double] = [:]
        for (weight, words) in groups {
            for word in words.split(separator: " ") { table[String(word)] = weight }
        }
        return table
    }()

    private static let groups: [(Double, String)] = [
        (3, "excellent fantastic amazing outstanding thrilled delighted love loved superb wonderful"),
        (2, """
            great good glad happy pleased excited impressed perfect awesome helpful appreciate appreciated \
            approved approve signed win won congratulations congrats brilliant smooth smoothly enjoyed \
            enjoy recommend recommended valuable exceeded success successful successfully \
            confident promising fan favorite strong solid nice terrific keen eager \
            impressive seamless seamlessly reliable
            """),
        (1, """
            interested agree agreed fine ready yes okay ok sounds resolved fixed \
            better improve improved improvement benefit benefits fast quick clear easy positive \
            forward progress useful pleasure welcome supportive aligned \
            easier faster simpler cool fixing budgeted \
            accept accepted onboard green
            """),
        (0.5, "thanks thank thx appreciated"),
        (-1, """
            concern concerns concerned unclear slow delay delayed delays issue issues question \
            confused confusing unfortunately worry worried hesitant pushback expensive costly \
            pause paused postpone postponed unsure risk risky missing miss missed \
            sorry afraid sadly concerning unfortunate doubt doubts hassle \
            lacking lacks complaint complain complained late
            """),
        (-2, """
            problem problems bad poor unhappy disappointed disappointing frustrated frustrating \
            annoyed fail failed failing failure broken bug bugs wrong error errors outage down \
            cancel cancelled canceled cancellation reject rejected decline declined lost lose \
            overpriced escalate escalated escalating refund upset waste wasted churn leaving \
            terminate terminating blocked stuck ignored unacceptable unresponsive crash crashed \
            broke disappointment corrupted dealbreaker mess worse painful fails
            """),
        (-3, "terrible awful horrible worst furious angry hate hated disaster disgusted useless ridiculous"),
    ]

    /// Words that flip the polarity of what follows within a short window.
    static let negators: Set<String> = [
        "not", "no", "never", "none", "nothing", "neither", "nor", "without", "hardly", "barely",
        "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't", "wasnt", "wasn't",
        "arent", "aren't", "werent", "weren't", "cant", "can't", "cannot", "couldnt", "couldn't",
        "wont", "won't", "wouldnt", "wouldn't", "shouldnt", "shouldn't", "havent", "haven't",
        "hasnt", "hasn't", "hadnt", "hadn't", "aint", "ain't", "lack", "unable",
    ]

    /// Words that scale what follows.
    static let intensifiers: [String: Double] = [
        "very": 1.5, "really": 1.4, "extremely": 1.8, "so": 1.3, "super": 1.5, "incredibly": 1.8,
        "truly": 1.4, "highly": 1.5, "absolutely": 1.6, "totally": 1.4, "completely": 1.5, "quite": 1.2,
        "deeply": 1.5, "much": 1.3, "seriously": 1.5, "particularly": 1.3, "especially": 1.3, "most": 1.3,
        "slightly": 0.6, "somewhat": 0.7, "bit": 0.6, "little": 0.7, "fairly": 0.8, "kinda": 0.7,
    ]

    /// Words that mark the clause before them as outweighed ("good, but too expensive").
    /// Verbs that negate what they govern ("failed to meet", "refused to sign") besides
    /// carrying their own weight.
    static let negatingVerbs: Set<String> = ["failed", "fails", "fail", "failing", "refused", "refuses"]

    /// After a negator these make the negation last to the clause end: "don't think this is a
    /// good fit" negates "good" six words later.
    static let opinionVerbs: Set<String> = ["think", "believe", "feel", "expect", "see", "find"]

    static let contrasts: Set<String> = ["but", "however", "although", "though", "yet"]
}
