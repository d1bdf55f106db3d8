import Foundation

extension SOQLPlan {
    /// The ids of the matching rows, in result order, after OFFSET and LIMIT. Incremental
    /// queries (`SystemModstamp > X`) read only the index range, and a query ordered by
    /// `SystemModstamp[, Id]` (either direction) walks the index instead of sorting.
    func run(on table: SFTable, includeDeleted: Bool) -> [String] {
        var rows: [SFRecord] = []
        var presorted = false
        let indexOrder = self.indexOrder
        if let ids = idCandidates {
            rows = ids.compactMap { table.rows[$0] }
        } else if stampLower != nil || stampUpper != nil || indexOrder != nil || order.isEmpty {
            // Without ORDER BY the order is unspecified, as on the platform: index order it is.
            let slice = table.stamps.range(lower: stampLower?.millis, lowerInclusive: stampLower?.inclusive ?? true,
                                           upper: stampUpper?.millis, upperInclusive: stampUpper?.inclusive ?? true)
            rows.reserveCapacity(slice.count)
            for key in slice { if let r = table.rows[key.id] { rows.append(r) } }
            if indexOrder == .descending { rows.reverse() }
            presorted = indexOrder != nil || order.isEmpty
        } else {
            rows = Array(table.rows.values)
        }
        rows.removeAll { (!includeDeleted && $0.isDeleted) || !(predicate?.matches($0) ?? true) }

        if !presorted {
            if order.isEmpty {
                rows.sort { $0.id < $1.id }
            } else {
                rows = sorted(rows)
            }
        }
        let start = min(offset, rows.count)
        let end = limit.map { min(rows.count, start + $0) } ?? rows.count
        return rows[start..<end].map(\.id)
    }

    private enum IndexOrder { case ascending, descending }

    /// The direction to walk the SystemModstamp index in when the ORDER BY is exactly what it
    /// yields: `SystemModstamp` alone, or followed by `Id` in the same direction.
    private var indexOrder: IndexOrder? {
        guard let first = order.first, first.field.name == "SystemModstamp" else { return nil }
        guard order.count == 1 || (order.count == 2 && order[1].field.name == "Id" && order[1].descending == first.descending)
        else { return nil }
        return first.descending ? .descending : .ascending
    }

    private func sorted(_ rows: [SFRecord]) -> [SFRecord] {
        let keyed = rows.map { r in (record: r, keys: order.map { SOQLKey(r[$0.field.name], type: $0.field.type) }) }
        return keyed.sorted { a, b in
            for (i, o) in order.enumerated() {
                let x = a.keys[i]
                let y = b.keys[i]
                if x == y { continue }
                guard let x else { return !o.nullsLast }
                guard let y else { return o.nullsLast }
                return o.descending ? y < x : x < y
            }
            return a.record.id < b.record.id
        }.map(\.record)
    }
}

/// Shapes shared by every endpoint that returns records.
enum SalesforceRender {
    static func attributes(_ record: SFRecord, version: String) -> JSONValue {
        ["type": .string(record.type), "url": .string("/services/data/\(version)/sobjects/\(record.type)/\(record.id)")]
    }

    /// One row as a query returns it: `attributes`, the selected fields, and each selected
    /// parent relationship nested as its own record (null when the lookup is empty).
    static func queryRow(_ record: SFRecord, fields: [SFField], parents: [SOQLParentSelect], store: SalesforceStore,
                         version: String) -> JSONValue {
        var o: [String: JSONValue] = ["attributes": attributes(record, version: version)]
        for f in fields { o[f.name] = record[f.name] }
        for p in parents {
            guard let id = record[p.reference.name].stringValue, let parent = store.record(id: id),
                  let schema = SalesforceSchema.object(named: parent.type) else {
                o[p.relationship] = .null
                continue
            }
            var nested: [String: JSONValue] = ["attributes": attributes(parent, version: version)]
            for name in p.fields { if let f = schema.field(name) { nested[f.name] = parent[f.name] } }
            o[p.relationship] = .object(nested)
        }
        return .object(o)
    }

    /// Every field of a row, as `GET /sobjects/{type}/{id}` returns it (or only `fields`).
    static func full(_ record: SFRecord, object: SObjectSchema, version: String, fields: [SFField]? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["attributes": attributes(record, version: version)]
        for f in fields ?? object.fields { o[f.name] = record[f.name] }
        return .object(o)
    }
}
