import Foundation

/// The sort orders the list endpoints offer (`sort_by` in v2, `sort` in v1).
enum PipedriveSortKey: String, Sendable, CaseIterable {
    case id, updateTime = "update_time", addTime = "add_time"
}

/// A position in one of the table's sorted indexes: the sort value, then the id as tie-breaker
/// (the same pair a v2 cursor carries).
struct PipedriveIndexKey: Comparable, Hashable, Sendable {
    var value: Int
    var id: Int
    static func < (a: Self, b: Self) -> Bool { a.value != b.value ? a.value < b.value : a.id < b.id }
}

/// What a walk over an index should do with the record it is shown.
enum PipedriveWalkStep { case take, skip, stop }

/// Records of one object type, with sorted indexes on id, `update_time` and `add_time`, so that
/// `updated_since` queries, cursors and offsets start with a binary search instead of a scan of
/// 100,000 records. Deletes are soft (Pipedrive keeps deleted deals for 30 days), so indexes
/// only ever gain entries or move them.
struct PipedriveTable: Sendable {
    private(set) var records: [Int: PipedriveRecord] = [:]
    private var byID: [PipedriveIndexKey] = []
    private var byUpdate: [PipedriveIndexKey] = []
    private var byAdd: [PipedriveIndexKey] = []
    private(set) var nextID = 1

    var count: Int { records.count }

    subscript(id: Int) -> PipedriveRecord? { records[id] }

    mutating func allocateID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Adds many records at once and sorts the indexes once; for seeding.
    mutating func load(_ batch: [PipedriveRecord]) {
        for record in batch {
            records[record.id] = record
            nextID = max(nextID, record.id + 1)
        }
        byID = records.keys.map { PipedriveIndexKey(value: $0, id: $0) }.sorted()
        byUpdate = records.values.map { PipedriveIndexKey(value: $0.updateTime, id: $0.id) }.sorted()
        byAdd = records.values.map { PipedriveIndexKey(value: $0.addTime, id: $0.id) }.sorted()
    }

    /// Inserts a new record or replaces an existing one, keeping every index sorted.
    mutating func put(_ record: PipedriveRecord) {
        if let old = records[record.id] {
            if old.updateTime != record.updateTime {
                Self.remove(PipedriveIndexKey(value: old.updateTime, id: old.id), from: &byUpdate)
                Self.insert(PipedriveIndexKey(value: record.updateTime, id: record.id), into: &byUpdate)
            }
            if old.addTime != record.addTime {
                Self.remove(PipedriveIndexKey(value: old.addTime, id: old.id), from: &byAdd)
                Self.insert(PipedriveIndexKey(value: record.addTime, id: record.id), into: &byAdd)
            }
        } else {
            Self.insert(PipedriveIndexKey(value: record.id, id: record.id), into: &byID)
            Self.insert(PipedriveIndexKey(value: record.updateTime, id: record.id), into: &byUpdate)
            Self.insert(PipedriveIndexKey(value: record.addTime, id: record.id), into: &byAdd)
            nextID = max(nextID, record.id + 1)
        }
        records[record.id] = record
    }

    func key(of record: PipedriveRecord, sortedBy sort: PipedriveSortKey) -> PipedriveIndexKey {
        switch sort {
        case .id: PipedriveIndexKey(value: record.id, id: record.id)
        case .updateTime: PipedriveIndexKey(value: record.updateTime, id: record.id)
        case .addTime: PipedriveIndexKey(value: record.addTime, id: record.id)
        }
    }

    /// Visits records in index order, starting strictly after `after` when given, otherwise at
    /// the first key not below `from` (ascending) or not above it (descending).
    func walk(sortedBy sort: PipedriveSortKey, ascending: Bool, after: PipedriveIndexKey? = nil,
              from: PipedriveIndexKey? = nil, _ visit: (PipedriveRecord) -> PipedriveWalkStep) {
        let index: [PipedriveIndexKey] = switch sort {
        case .id: byID
        case .updateTime: byUpdate
        case .addTime: byAdd
        }
        var position: Int
        if ascending {
            if let after { position = Self.upperBound(after, in: index) }
            else if let from { position = Self.lowerBound(from, in: index) }
            else { position = 0 }
        } else {
            if let after { position = Self.lowerBound(after, in: index) - 1 }
            else if let from { position = Self.upperBound(from, in: index) - 1 }
            else { position = index.count - 1 }
        }
        while position >= 0 && position < index.count {
            if let record = records[index[position].id] {
                if visit(record) == .stop { return }
            }
            position += ascending ? 1 : -1
        }
    }

    private static func lowerBound(_ key: PipedriveIndexKey, in index: [PipedriveIndexKey]) -> Int {
        var low = 0, high = index.count
        while low < high {
            let mid = (low + high) / 2
            if index[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func upperBound(_ key: PipedriveIndexKey, in index: [PipedriveIndexKey]) -> Int {
        var low = 0, high = index.count
        while low < high {
            let mid = (low + high) / 2
            if key < index[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private static func insert(_ key: PipedriveIndexKey, into index: inout [PipedriveIndexKey]) {
        if let last = index.last, last < key { index.append(key); return }
        index.insert(key, at: lowerBound(key, in: index))
    }

    private static func remove(_ key: PipedriveIndexKey, from index: inout [PipedriveIndexKey]) {
        let position = lowerBound(key, in: index)
        if position < index.count, index[position] == key { index.remove(at: position) }
    }
}
