import Foundation

/// One stored row. Field values are kept as the API renders them (datetimes already in
/// `…T…000+0000` form), so reading is rendering and SOQL compares datetimes as strings.
struct SFRecord: Sendable {
    var type: String
    var id: String
    var fields: [String: JSONValue]
    /// `SystemModstamp` in milliseconds, the key of the incremental-sync index.
    var modstamp: Int64

    var isDeleted: Bool { fields["IsDeleted"] == .bool(true) }
    subscript(_ field: String) -> JSONValue { fields[field] ?? .null }
}

/// A position in the SystemModstamp index; ties on the stamp sort by id, which is the order
/// `ORDER BY SystemModstamp, Id` asks for.
struct SFStampKey: Comparable, Sendable {
    var stamp: Int64
    var id: String
    static func < (a: SFStampKey, b: SFStampKey) -> Bool { a.stamp != b.stamp ? a.stamp < b.stamp : a.id < b.id }
}

/// A sorted array of stamp keys. Writes stamp records with "now", so inserts land at or near
/// the end and the array stays cheap to maintain; range reads are two binary searches.
struct SFStampIndex: Sendable {
    private(set) var keys: [SFStampKey] = []

    mutating func insert(_ key: SFStampKey) { keys.insert(key, at: lowerBound(key)) }

    mutating func remove(_ key: SFStampKey) {
        let i = lowerBound(key)
        if i < keys.count, keys[i] == key { keys.remove(at: i) }
    }

    /// Keys with `lower` < stamp (or ≤ when `lowerInclusive`) and stamp < `upper` (or ≤).
    func range(lower: Int64?, lowerInclusive: Bool, upper: Int64?, upperInclusive: Bool) -> ArraySlice<SFStampKey> {
        let start = lower.map { lowerInclusive ? firstIndex(stampAtLeast: $0) : firstIndex(stampAtLeast: $0 &+ 1) } ?? 0
        let end = upper.map { upperInclusive ? firstIndex(stampAtLeast: $0 &+ 1) : firstIndex(stampAtLeast: $0) } ?? keys.count
        return start < end ? keys[start..<end] : []
    }

    private func firstIndex(stampAtLeast stamp: Int64) -> Int { lowerBound(SFStampKey(stamp: stamp, id: "")) }

    private func lowerBound(_ key: SFStampKey) -> Int {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The rows of one sObject type with their indexes: by id, by SystemModstamp, and by each
/// external-id field's value (case-insensitive, as unique external ids are).
struct SFTable: Sendable {
    var rows: [String: SFRecord] = [:]
    var stamps = SFStampIndex()
    var externalIds: [String: [String: String]] = [:]
}

struct SFDeletion: Sendable {
    var id: String
    var type: String
    var at: Int64
}

/// All records of the emulated org. A plain value: the emulator keeps it inside its mutex,
/// so every method here runs under that lock.
struct SalesforceStore: Sendable {
    private(set) var tables: [String: SFTable] = [:]
    /// Deletes, oldest first, for `sobjects/{type}/deleted`; pruned after 15 days as the
    /// Recycle Bin is.
    private(set) var deletions: [SFDeletion] = []
    private var serials: [String: Int] = [:]

    init() {
        for object in SalesforceSchema.objects { tables[object.name] = SFTable() }
    }

    mutating func nextId(for object: SObjectSchema) -> String {
        let serial = (serials[object.keyPrefix] ?? 0) + 1
        serials[object.keyPrefix] = serial
        return SalesforceID.make(prefix: object.keyPrefix, serial: serial)
    }

    func table(_ type: String) -> SFTable { tables[type] ?? SFTable() }

    /// The row for a 15- or 18-character id of any type, deleted or not.
    func record(id raw: String) -> SFRecord? {
        guard let id = SalesforceID.canonical(raw), let object = SalesforceSchema.object(forId: id) else { return nil }
        return tables[object.name]?.rows[id]
    }

    func record(type: String, externalField: String, value: String) -> SFRecord? {
        guard let t = tables[type], let id = t.externalIds[externalField]?[value.lowercased()] else { return nil }
        return t.rows[id]
    }

    /// Inserts or replaces a row, keeping every index in step. Deleted rows stay (for
    /// `queryAll`) but leave the external-id index, so an upsert no longer matches them.
    mutating func put(_ record: SFRecord) {
        guard let object = SalesforceSchema.object(named: record.type) else { return }
        var table = tables[object.name] ?? SFTable()
        tables[object.name] = nil  // keep the table uniquely referenced while mutating it
        if let old = table.rows[record.id] {
            table.stamps.remove(SFStampKey(stamp: old.modstamp, id: old.id))
            for field in object.externalIdFields {
                if let v = old[field.name].stringValue { table.externalIds[field.name]?[v.lowercased()] = nil }
            }
        }
        table.rows[record.id] = record
        table.stamps.insert(SFStampKey(stamp: record.modstamp, id: record.id))
        if !record.isDeleted {
            for field in object.externalIdFields {
                if let v = record[field.name].stringValue { table.externalIds[field.name, default: [:]][v.lowercased()] = record.id }
            }
        }
        tables[object.name] = table
    }

    mutating func logDeletion(_ record: SFRecord, at: Int64) {
        deletions.append(SFDeletion(id: record.id, type: record.type, at: at))
        let horizon = at - 15 * 86_400_000
        if let firstKept = deletions.firstIndex(where: { $0.at >= horizon }), firstKept > 0 {
            deletions.removeFirst(firstKept)
        }
    }
}
