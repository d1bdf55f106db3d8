import Foundation

/// A parsed SOQL statement, before its names are checked against the schema.
struct SOQLQuery: Sendable, Equatable {
    var object: String
    var fields: [String]
    /// `SELECT COUNT() FROM …`: only the number of matches is returned.
    var isCount = false
    var condition: SOQLCondition?
    var orderBy: [SOQLOrder] = []
    var limit: Int?
    var offset: Int?
}

indirect enum SOQLCondition: Sendable, Equatable {
    case and([SOQLCondition])
    case or([SOQLCondition])
    case not(SOQLCondition)
    case compare(field: String, op: SOQLOperator, value: SOQLLiteral)
    case within(field: String, values: [SOQLLiteral], negated: Bool)
    case like(field: String, pattern: String)
}

enum SOQLOperator: String, Sendable, Equatable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}

enum SOQLLiteral: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// `2024-01-01`, kept as written and checked against the field type later.
    case date(String)
    /// `2024-01-01T00:00:00Z`, as milliseconds since 1970.
    case dateTime(Int64)
    /// A relative date literal: `TODAY`, `YESTERDAY`, `TOMORROW`, `LAST_N_DAYS:n`, `NEXT_N_DAYS:n`.
    case relative(String, Int?)
}

struct SOQLOrder: Sendable, Equatable {
    var field: String
    var descending = false
    /// Salesforce puts nulls first when ascending and last when descending, unless told.
    var nullsLast: Bool? = nil
}

/// A lexical token with the 0-based offset it started at, for error messages.
struct SOQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case word(String)
        case string(String)
        case number(Double)
        case date(String)
        case dateTime(Int64)
        case symbol(String)
        case end
    }
    var kind: Kind
    var offset: Int
    var text: String
}

/// Splits SOQL text into tokens. Strings take `\'`, `\\`, `\n`, `\t`, `\"`, `\%` and `\_`
/// escapes as SOQL does; date and datetime literals are unquoted.
struct SOQLLexer {
    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    static func tokens(_ text: String) throws(SFError) -> [SOQLToken] {
        var lexer = SOQLLexer(text)
        var out: [SOQLToken] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    private mutating func next() throws(SFError) -> SOQLToken {
        while i < chars.count, chars[i].isWhitespace { i += 1 }
        let start = i
        guard i < chars.count else { return SOQLToken(kind: .end, offset: start, text: "") }
        let c = chars[i]
        if c == "'" { return try string(start) }
        if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber)
            || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
            return try numberOrDate(start)
        }
        if c.isLetter || c == "_" {
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
            let word = String(chars[start..<i])
            return SOQLToken(kind: .word(word), offset: start, text: word)
        }
        for symbol in ["!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ",", ":"] where matches(symbol) {
            i += symbol.count
            return SOQLToken(kind: .symbol(symbol == "<>" ? "!=" : symbol), offset: start, text: symbol)
        }
        throw SOQLLexer.error(at: start, in: chars, "unexpected token: '\(c)'")
    }

    private func matches(_ symbol: String) -> Bool {
        let s = Array(symbol)
        guard i + s.count <= chars.count else { return false }
        return Array(chars[i..<(i + s.count)]) == s
    }

    private mutating func string(_ start: Int) throws(SFError) -> SOQLToken {
        i += 1
        var value = ""
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                i += 1
                return SOQLToken(kind: .string(value), offset: start, text: String(chars[start..<i]))
            }
            if c == "\\" {
                guard i + 1 < chars.count else { break }
                let e = chars[i + 1]
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "b": value.append("\u{8}")
                case "f": value.append("\u{c}")
                case "'", "\"", "\\": value.append(e)
                // Kept escaped: LIKE needs to tell a literal % or _ from a wildcard.
                case "%", "_": value.append("\\"); value.append(e)
                default:
                    throw SOQLLexer.error(at: i, in: chars, "Invalid string literal '\(String(chars[start..<min(i + 2, chars.count)]))'. Illegal character sequence '\\\(e)' in string literal.")
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        throw SOQLLexer.error(at: start, in: chars, "unexpected token: '\(String(chars[start...]))'")
    }

    private mutating func numberOrDate(_ start: Int) throws(SFError) -> SOQLToken {
        if isDate(at: start) {
            i = start + 10
            guard i < chars.count, chars[i] == "T" else {
                let text = String(chars[start..<i])
                guard SalesforceTime.parseDate(text) != nil else { throw invalidDate(text, start) }
                return SOQLToken(kind: .date(text), offset: start, text: text)
            }
            i += 1
            while i < chars.count, chars[i].isNumber || chars[i] == ":" || chars[i] == "." { i += 1 }
            if i < chars.count, chars[i] == "Z" {
                i += 1
            } else if i < chars.count, chars[i] == "+" || chars[i] == "-" {
                i += 1
                while i < chars.count, chars[i].isNumber || chars[i] == ":" { i += 1 }
            }
            let text = String(chars[start..<i])
            guard let millis = SalesforceTime.parseDateTime(text) else { throw invalidDate(text, start) }
            return SOQLToken(kind: .dateTime(millis), offset: start, text: text)
        }
        if chars[i] == "-" { i += 1 }
        while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
        let text = String(chars[start..<i])
        guard let n = Double(text) else {
            throw SOQLLexer.error(at: start, in: chars, "unexpected token: '\(text)'")
        }
        return SOQLToken(kind: .number(n), offset: start, text: text)
    }

    private func isDate(at start: Int) -> Bool {
        guard start + 10 <= chars.count else { return false }
        for (k, c) in chars[start..<(start + 10)].enumerated() {
            if k == 4 || k == 7 { if c != "-" { return false } } else if !c.isNumber { return false }
        }
        return true
    }

    private func invalidDate(_ text: String, _ start: Int) -> SFError {
        SOQLLexer.error(at: start, in: chars, "line 1:\(start) no viable alternative at character '\(text)'")
    }

    /// MALFORMED_QUERY with the `ERROR at Row:r:Column:c` locator the API puts in messages.
    static func error(at offset: Int, in chars: [Character], _ detail: String) -> SFError {
        var row = 1
        var column = 1
        for c in chars.prefix(offset) {
            if c == "\n" { row += 1; column = 1 } else { column += 1 }
        }
        return .malformedQuery("\n\(String(chars))\nERROR at Row:\(row):Column:\(column)\n\(detail)")
    }
}
