import Foundation

/// Checks a parsed query against the schema (INVALID_TYPE, INVALID_FIELD, literal types) and
/// turns it into a `SOQLPlan`. `now` resolves relative date literals such as `LAST_N_DAYS:7`.
struct SOQLCompiler {
    var text: String
    var now: Int64

    func compile(_ q: SOQLQuery) throws(SFError) -> SOQLPlan {
        guard let object = SalesforceSchema.object(named: q.object) else {
            throw SFError(400, "INVALID_TYPE", located(q.object,
                "sObject type '\(q.object)' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."))
        }
        var fields: [SFField] = []
        var parents: [SOQLParentSelect] = []
        for name in q.fields where name.contains(".") {
            let (reference, sub) = try parentField(name, in: object)
            if let i = parents.firstIndex(where: { $0.reference.name == reference.name }) {
                parents[i].fields.append(sub)
            } else {
                parents.append(SOQLParentSelect(reference: reference, relationship: reference.relationshipName!, fields: [sub]))
            }
        }
        for name in q.fields where !name.contains(".") && !name.hasPrefix("FIELDS(") {
            let f = try field(name, in: object)
            guard !fields.contains(where: { $0.name == f.name }) else {
                throw .malformedQuery(located(name, "duplicate field selected: \(f.name)"))
            }
            fields.append(f)
        }
        for name in q.fields where name.hasPrefix("FIELDS(") {
            let group = name.dropFirst(7).dropLast()
            guard ["ALL", "STANDARD", "CUSTOM"].contains(group) else {
                throw .malformedQuery(located("FIELDS", "FIELDS() takes ALL, STANDARD or CUSTOM, not \(group)"))
            }
            if group != "STANDARD", (q.limit ?? Int.max) > 200 {
                throw .malformedQuery(located("FIELDS", "The SOQL FIELDS function must have a LIMIT of at most 200"))
            }
            for f in object.fields where group == "ALL" || f.custom == (group == "CUSTOM") {
                if !fields.contains(where: { $0.name == f.name }) { fields.append(f) }
            }
        }
        var plan = SOQLPlan(object: object, fields: fields, parents: parents, isCount: q.isCount, predicate: nil, order: [],
                            limit: q.limit, offset: q.offset ?? 0)
        guard plan.offset <= 2000 else {
            throw SFError(400, "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000")
        }
        if let c = q.condition {
            plan.predicate = try predicate(c, object)
            let topLevel: [SOQLCondition] = if case .and(let terms) = c { terms } else { [c] }
            for term in topLevel { hint(term, object, into: &plan) }
        }
        for o in q.orderBy {
            let f = try field(o.field, in: object)
            plan.order.append((f, o.descending, o.nullsLast ?? o.descending))
        }
        if q.isCount, !q.orderBy.isEmpty {
            throw .malformedQuery(located(q.orderBy[0].field, "Ordered field cannot be used with COUNT()"))
        }
        return plan
    }

    /// `Rel.Field` in a SELECT list: one level up a lookup (deeper paths, and paths in WHERE
    /// or ORDER BY, are not emulated).
    private func parentField(_ name: String, in object: SObjectSchema) throws(SFError) -> (SFField, String) {
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 2,
              let reference = object.fields.first(where: { $0.relationshipName?.lowercased() == parts[0].lowercased() }) else {
            throw SFError(400, "INVALID_FIELD", located(name,
                "Didn't understand relationship '\(parts[0])' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."))
        }
        let targets = reference.referenceTo.compactMap(SalesforceSchema.object(named:))
        guard let f = targets.lazy.compactMap({ $0.field(parts[1]) }).first else {
            throw SFError(400, "INVALID_FIELD", located(name,
                "No such column '\(parts[1])' on entity '\(targets.first?.name ?? parts[0])'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."))
        }
        return (reference, f.name)
    }

    private func field(_ name: String, in object: SObjectSchema) throws(SFError) -> SFField {
        if name.contains(".") {
            throw SFError(400, "INVALID_FIELD", located(name,
                "Relationship fields such as '\(name)' are only emulated in the SELECT list."))
        }
        guard let f = object.field(name) else {
            throw SFError(400, "INVALID_FIELD", located(name,
                "No such column '\(name)' on entity '\(object.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."))
        }
        return f
    }

    private func predicate(_ c: SOQLCondition, _ object: SObjectSchema) throws(SFError) -> SOQLPredicate {
        switch c {
        case .and(let terms): return .and(try terms.map { (t) throws(SFError) in try predicate(t, object) })
        case .or(let terms): return .or(try terms.map { (t) throws(SFError) in try predicate(t, object) })
        case .not(let inner): return .not(try predicate(inner, object))
        case .compare(let name, let op, let value):
            let f = try field(name, in: object)
            if case .relative(let literal, let n) = value {
                let (lower, upper) = try range(literal, n, for: f)
                return .range(f, op, lower: lower, upper: upper)
            }
            let key = try self.key(value, for: f)
            if key == nil, op != .eq, op != .ne {
                throw SFError(400, "INVALID_QUERY_FILTER_OPERATOR", "invalid operator on null value: \(op.rawValue)")
            }
            if f.type == .boolean, op != .eq, op != .ne {
                throw SFError(400, "INVALID_QUERY_FILTER_OPERATOR", "invalid operator on boolean field: \(op.rawValue)")
            }
            return .compare(f, op, key)
        case .within(let name, let values, let negated):
            let f = try field(name, in: object)
            var set = Set<SOQLKey>()
            var includesNull = false
            for v in values {
                if let k = try key(v, for: f) { set.insert(k) } else { includesNull = true }
            }
            return .within(f, set, includesNull: includesNull, negated: negated)
        case .like(let name, let pattern):
            let f = try field(name, in: object)
            guard f.type.isText, f.type != .id, f.type != .reference else {
                throw SFError(400, "INVALID_QUERY_FILTER_OPERATOR", "invalid operator on \(f.type.soqlName) field: LIKE")
            }
            return .like(f, SOQLLikePattern(pattern))
        }
    }

    /// The key a literal compares as for field `f`, or nil for `null`.
    private func key(_ literal: SOQLLiteral, for f: SFField) throws(SFError) -> SOQLKey? {
        switch (literal, f.type) {
        case (.null, _): return nil
        case (.string(let s), .id), (.string(let s), .reference):
            guard let id = SalesforceID.canonical(s) else {
                throw SFError(400, "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: \(s)")
            }
            return .text(id.lowercased())
        case (.string(let s), let t) where t.isText: return .text(s.lowercased())
        case (.number(let n), let t) where t.isNumber: return .number(n)
        case (.bool(let b), .boolean): return .bool(b)
        case (.date(let d), .date): return .text(d)
        case (.dateTime(let m), .datetime): return .text(SalesforceTime.format(m))
        default: throw wrongType(f)
        }
    }

    private func range(_ literal: String, _ n: Int?, for f: SFField) throws(SFError) -> (SOQLKey, SOQLKey) {
        guard f.type == .date || f.type == .datetime else { throw wrongType(f) }
        let today = now >= 0 ? now / 86_400_000 : (now - 86_399_999) / 86_400_000
        let (from, to): (Int64, Int64) = switch literal {
        case "TODAY": (today, today + 1)
        case "YESTERDAY": (today - 1, today)
        case "TOMORROW": (today + 1, today + 2)
        case "LAST_N_DAYS": (today - Int64(n ?? 0), today + 1)
        default: (today + 1, today + 1 + Int64(n ?? 0))
        }
        func key(_ day: Int64) -> SOQLKey {
            f.type == .date ? .text(SalesforceTime.formatDate(days: day)) : .text(SalesforceTime.format(day * 86_400_000))
        }
        return (key(from), key(to))
    }

    private func wrongType(_ f: SFField) -> SFError {
        let quoted = f.type.isText ? "should be enclosed in quotes" : "should not be enclosed in quotes"
        return SFError(400, "INVALID_QUERY_FILTER_OPERATOR",
                       "value of filter criterion for field '\(f.name)' must be of type \(f.type.soqlName) and \(quoted)")
    }

    /// Index hints from one top-level `AND` term (or the whole condition when it is one term).
    private func hint(_ term: SOQLCondition, _ object: SObjectSchema, into plan: inout SOQLPlan) {
        switch term {
        case .compare(let name, let op, .dateTime(let millis)) where name.lowercased() == "systemmodstamp":
            switch op {
            case .gt, .ge: plan.stampLower = (millis, op == .ge)
            case .lt, .le: plan.stampUpper = (millis, op == .le)
            case .eq: plan.stampLower = (millis, true); plan.stampUpper = (millis, true)
            case .ne: break
            }
        case .compare(let name, .eq, .string(let s)) where name.lowercased() == "id":
            plan.idCandidates = SalesforceID.canonical(s).map { [$0] } ?? []
        case .within(let name, let values, false) where name.lowercased() == "id":
            plan.idCandidates = values.compactMap { if case .string(let s) = $0 { SalesforceID.canonical(s) } else { nil } }
        default: break
        }
    }

    private func located(_ token: String, _ detail: String) -> String {
        let column = (text.range(of: token).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0) + 1
        return "\n\(text)\nERROR at Row:1:Column:\(column)\n\(detail)"
    }
}
