import Foundation

/// A value SOQL compares: text (lower-cased, since SOQL's `=` and LIKE ignore case; dates and
/// datetimes in their canonical forms, which sort as strings), a number or a boolean.
enum SOQLKey: Hashable, Comparable, Sendable {
    case text(String)
    case number(Double)
    case bool(Bool)

    static func < (a: SOQLKey, b: SOQLKey) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): x < y
        case (.number(let x), .number(let y)): x < y
        case (.bool(let x), .bool(let y)): !x && y
        default: false
        }
    }

    /// The key of a stored value of a field of `type`; nil for null.
    init?(_ value: JSONValue, type: SFFieldType) {
        switch value {
        case .null, .array, .object: return nil
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s):
            if type == .date || type == .datetime { self = .text(s) }
            else if type.isNumber, let n = Double(s) { self = .number(n) }
            else { self = .text(s.lowercased()) }
        }
    }
}

/// A LIKE pattern: `%` any run, `_` one character, `\%` and `\_` literal; case-insensitive.
struct SOQLLikePattern: Sendable {
    enum Piece: Sendable { case any, one, char(Character) }
    let pieces: [Piece]

    init(_ pattern: String) {
        var out: [Piece] = []
        var escaped = false
        for c in pattern.lowercased() {
            if escaped { out.append(.char(c)); escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "%": out.append(.any)
            case "_": out.append(.one)
            default: out.append(.char(c))
            }
        }
        pieces = out
    }

    func matches(_ text: String) -> Bool {
        let s = Array(text)
        var memo = [Int: Bool]()
        func match(_ p: Int, _ i: Int) -> Bool {
            let key = p * (s.count + 1) + i
            if let m = memo[key] { return m }
            let result: Bool
            if p == pieces.count { result = i == s.count }
            else {
                switch pieces[p] {
                case .any: result = match(p + 1, i) || (i < s.count && match(p, i + 1))
                case .one: result = i < s.count && match(p + 1, i + 1)
                case .char(let c): result = i < s.count && s[i] == c && match(p + 1, i + 1)
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}

/// A WHERE clause with every name resolved and every literal converted to its field's key.
indirect enum SOQLPredicate: Sendable {
    case and([SOQLPredicate])
    case or([SOQLPredicate])
    case not(SOQLPredicate)
    case compare(SFField, SOQLOperator, SOQLKey?)
    /// A relative date literal: `lower` ≤ value < `upper`.
    case range(SFField, SOQLOperator, lower: SOQLKey, upper: SOQLKey)
    case within(SFField, Set<SOQLKey>, includesNull: Bool, negated: Bool)
    case like(SFField, SOQLLikePattern)

    func matches(_ record: SFRecord) -> Bool {
        switch self {
        case .and(let ps): return ps.allSatisfy { $0.matches(record) }
        case .or(let ps): return ps.contains { $0.matches(record) }
        case .not(let p): return !p.matches(record)
        case .compare(let f, let op, let literal):
            let v = SOQLKey(record[f.name], type: f.type)
            guard let literal else { return op == .eq ? v == nil : (op == .ne ? v != nil : false) }
            guard let v else { return op == .ne }
            switch op {
            case .eq: return v == literal
            case .ne: return v != literal
            case .lt: return v < literal
            case .le: return v <= literal
            case .gt: return v > literal
            case .ge: return v >= literal
            }
        case .range(let f, let op, let lower, let upper):
            guard let v = SOQLKey(record[f.name], type: f.type) else { return op == .ne }
            switch op {
            case .eq: return v >= lower && v < upper
            case .ne: return !(v >= lower && v < upper)
            case .lt: return v < lower
            case .le: return v < upper
            case .gt: return v >= upper
            case .ge: return v >= lower
            }
        case .within(let f, let set, let includesNull, let negated):
            let v = SOQLKey(record[f.name], type: f.type)
            let hit = v.map { set.contains($0) } ?? includesNull
            return negated ? !hit : hit
        case .like(let f, let pattern):
            guard case .string(let s) = record[f.name] else { return false }
            return pattern.matches(s.lowercased())
        }
    }
}

/// `Owner.Email`, `Account.Name`: fields of the row a lookup points at, selected through the
/// lookup's relationship name and returned nested under it.
struct SOQLParentSelect: Sendable {
    var reference: SFField
    var relationship: String
    var fields: [String]
}

/// A checked query, ready to run: the selected fields, the predicate, the order, and the
/// index hints the planner found among the top-level `AND` terms.
struct SOQLPlan: Sendable {
    var object: SObjectSchema
    var fields: [SFField]
    var parents: [SOQLParentSelect] = []
    var isCount: Bool
    var predicate: SOQLPredicate?
    var order: [(field: SFField, descending: Bool, nullsLast: Bool)]
    var limit: Int?
    var offset: Int

    /// `SystemModstamp` bounds from `WHERE SystemModstamp > X AND …`, served from the index.
    var stampLower: (millis: Int64, inclusive: Bool)?
    var stampUpper: (millis: Int64, inclusive: Bool)?
    /// `WHERE Id = 'x'` or `Id IN (…)`: only these rows can match.
    var idCandidates: [String]?
}
