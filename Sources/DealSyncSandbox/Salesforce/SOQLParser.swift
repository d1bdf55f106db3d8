import Foundation

/// Recursive-descent parser for the SOQL subset the emulator serves:
///
///     SELECT (COUNT() | field | Rel.field | FIELDS(ALL|STANDARD|CUSTOM), …) FROM object
///       [WHERE condition] [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]
///
/// Like the real parser it refuses to guess precedence: `a AND b OR c` is MALFORMED_QUERY
/// ("unexpected token: 'OR'"); a condition chains one kind of operator, and mixing needs
/// parentheses. `NOT` may only open a condition (`WHERE NOT …`, `(NOT …)`).
struct SOQLParser {
    private let tokens: [SOQLToken]
    private let chars: [Character]
    private var pos = 0

    private static let reserved: Set<String> = ["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER",
                                                "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULLS", "GROUP", "HAVING"]

    static func parse(_ text: String) throws(SFError) -> SOQLQuery {
        var parser = SOQLParser(tokens: try SOQLLexer.tokens(text), chars: Array(text))
        return try parser.query()
    }

    private init(tokens: [SOQLToken], chars: [Character]) {
        self.tokens = tokens
        self.chars = chars
    }

    private var current: SOQLToken { tokens[pos] }

    private mutating func query() throws(SFError) -> SOQLQuery {
        try expect("SELECT")
        var q = SOQLQuery(object: "", fields: [])
        if isWord("COUNT"), tokens.count > pos + 2, tokens[pos + 1].kind == .symbol("("),
           tokens[pos + 2].kind == .symbol(")") {
            pos += 3
            q.isCount = true
        } else {
            repeat {
                if isWord("FIELDS"), tokens.count > pos + 3, tokens[pos + 1].kind == .symbol("("),
                   case .word(let group) = tokens[pos + 2].kind, tokens[pos + 3].kind == .symbol(")") {
                    pos += 4
                    q.fields.append("FIELDS(\(group.uppercased()))")
                } else {
                    q.fields.append(try identifier())
                }
            } while consume(symbol: ",")
        }
        try expect("FROM")
        q.object = try identifier()
        if consume(word: "WHERE") { q.condition = try condition() }
        if consume(word: "ORDER") {
            try expect("BY")
            repeat {
                var order = SOQLOrder(field: try identifier())
                if consume(word: "DESC") { order.descending = true } else { _ = consume(word: "ASC") }
                if consume(word: "NULLS") {
                    if consume(word: "LAST") { order.nullsLast = true } else { try expect("FIRST"); order.nullsLast = false }
                }
                q.orderBy.append(order)
            } while consume(symbol: ",")
        }
        if consume(word: "LIMIT") { q.limit = try integer() }
        if consume(word: "OFFSET") { q.offset = try integer() }
        guard current.kind == .end else { throw unexpected() }
        return q
    }

    private mutating func condition() throws(SFError) -> SOQLCondition {
        if consume(word: "NOT") { return .not(try term()) }
        let first = try term()
        for op in ["AND", "OR"] where isWord(op) {
            var terms = [first]
            while consume(word: op) { terms.append(try term()) }
            // The other operator right after a chain is the ambiguity SOQL rejects.
            return op == "AND" ? .and(terms) : .or(terms)
        }
        return first
    }

    private mutating func term() throws(SFError) -> SOQLCondition {
        if consume(symbol: "(") {
            let inner = try condition()
            guard consume(symbol: ")") else { throw unexpected() }
            return inner
        }
        let field = try identifier()
        if case .symbol(let s) = current.kind, let op = SOQLOperator(rawValue: s) {
            pos += 1
            return .compare(field: field, op: op, value: try literal())
        }
        if consume(word: "LIKE") {
            guard case .string(let pattern) = current.kind else { throw unexpected() }
            pos += 1
            return .like(field: field, pattern: pattern)
        }
        let negated = consume(word: "NOT")
        if consume(word: "IN") {
            guard consume(symbol: "(") else { throw unexpected() }
            var values: [SOQLLiteral] = []
            repeat { values.append(try literal()) } while consume(symbol: ",")
            guard consume(symbol: ")") else { throw unexpected() }
            return .within(field: field, values: values, negated: negated)
        }
        throw unexpected()
    }

    private mutating func literal() throws(SFError) -> SOQLLiteral {
        let t = current
        pos += 1
        switch t.kind {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .date(let d): return .date(d)
        case .dateTime(let m): return .dateTime(m)
        case .word(let w):
            switch w.uppercased() {
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            case "NULL": return .null
            case "TODAY", "YESTERDAY", "TOMORROW": return .relative(w.uppercased(), nil)
            case "LAST_N_DAYS", "NEXT_N_DAYS":
                guard consume(symbol: ":"), case .number(let n) = current.kind, n >= 0, n.rounded() == n else {
                    throw unexpected()
                }
                pos += 1
                return .relative(w.uppercased(), Int(n))
            default: break
            }
        default: break
        }
        pos -= 1
        throw unexpected()
    }

    private mutating func identifier() throws(SFError) -> String {
        guard case .word(let w) = current.kind, !Self.reserved.contains(w.uppercased()) else { throw unexpected() }
        pos += 1
        return w
    }

    private mutating func integer() throws(SFError) -> Int {
        guard case .number(let n) = current.kind, n >= 0, n.rounded() == n, n < 1e9 else { throw unexpected() }
        pos += 1
        return Int(n)
    }

    private func isWord(_ keyword: String) -> Bool {
        if case .word(let w) = current.kind { return w.uppercased() == keyword }
        return false
    }

    private mutating func consume(word keyword: String) -> Bool {
        guard isWord(keyword) else { return false }
        pos += 1
        return true
    }

    private mutating func consume(symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        pos += 1
        return true
    }

    private mutating func expect(_ keyword: String) throws(SFError) {
        guard consume(word: keyword) else { throw unexpected() }
    }

    private func unexpected() -> SFError {
        let t = current
        let shown = t.kind == .end ? "<EOF>" : "'\(t.text)'"
        return SOQLLexer.error(at: t.offset, in: chars, "unexpected token: \(shown)")
    }
}
