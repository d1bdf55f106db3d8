/// The records of one object type with the indexes the API needs so that nothing scans all
/// records: ids in creation order (list paging), live records by modification time (search),
/// and a value → id map per unique property (`idProperty` reads and upserts, duplicate checks).
struct HubSpotObjectStore: Sendable {
    let type: HubSpotObjectType
    private(set) var records: [Int: HubSpotRecord] = [:]
    /// Every id ever created, ascending: ids are handed out in increasing order.
    private(set) var ids: [Int] = []
    /// Live (unarchived) records ordered by last-modified stamp, then id.
    private(set) var byModified: [HubSpotModifiedKey] = []
    private var unique: [String: [String: Int]] = [:]
    /// The keys of `unique`, kept apart: iterating `unique.keys` while writing through it would
    /// copy every index on every write.
    private let uniqueNames: [String]
    private var nextId: Int

    init(type: HubSpotObjectType, uniqueProperties: [String]) {
        self.type = type
        self.nextId = type.firstId
        self.uniqueNames = uniqueProperties
        for p in uniqueProperties { unique[p] = [:] }
    }

    var liveCount: Int { byModified.count }

    subscript(id: Int) -> HubSpotRecord? { records[id] }

    func live(_ id: Int) -> HubSpotRecord? {
        guard let r = records[id], !r.archived else { return nil }
        return r
    }

    /// The live record whose unique property `name` holds `value` (case-insensitive, as
    /// HubSpot treats emails), or nil.
    func lookup(unique name: String, value: String) -> Int? { unique[name]?[value.lowercased()] }

    func isUnique(_ name: String) -> Bool { unique[name] != nil }

    /// The last-modified stamp; `updatedAt` always mirrors the last-modified property.
    func modifiedMillis(_ r: HubSpotRecord) -> Int64 { r.updatedAt }

    /// Adds a record with a fresh id; the caller has already validated the properties. It is
    /// stamped modified at `millis` and created at `created`, or at a `createdate` it carries.
    /// A bulk load passes `deferSort` and calls `sortIndex()` once at the end, instead of paying
    /// an insertion into the middle of the index per record.
    mutating func insert(properties: [String: String], at millis: Int64, created: Int64? = nil, by actor: HubSpotActor,
                         deferSort: Bool = false) -> HubSpotRecord {
        let id = nextId
        nextId += 1
        var props = properties
        props["hs_object_id"] = String(id)
        let created = created ?? props["createdate"].flatMap(HubSpotTime.parse) ?? millis
        props["createdate"] = HubSpotTime.iso(millis: created)
        props[type.lastModifiedProperty] = HubSpotTime.iso(millis: millis)
        let record = HubSpotRecord(id: id, properties: props, createdAt: created, updatedAt: millis, createdBy: actor)
        records[id] = record
        ids.append(id)
        index(record, deferSort: deferSort)
        return record
    }

    /// Applies already-validated property changes and returns the names whose value changed.
    mutating func update(id: Int, changes: [String: String], at millis: Int64, by actor: HubSpotActor) -> [String]? {
        guard var r = live(id) else { return nil }
        unindex(r)
        var changed: [String] = []
        for (k, v) in changes where r.properties[k] != (v.isEmpty ? nil : v) {
            r.recordVersion(k, previous: r.properties[k], value: v, at: millis, by: actor)
            r.properties[k] = v.isEmpty ? nil : v
            changed.append(k)
        }
        if !changed.isEmpty {
            r.properties[type.lastModifiedProperty] = HubSpotTime.iso(millis: millis)
            r.updatedAt = millis
        }
        records[id] = r
        index(r)
        return changed.sorted()
    }

    /// Moves a record to the recycle bin; false when it was not live.
    mutating func archive(id: Int, at millis: Int64) -> Bool {
        guard var r = live(id) else { return false }
        unindex(r)
        r.archivedAt = millis
        records[id] = r
        return true
    }

    mutating func sortIndex() { byModified.sort() }

    private mutating func index(_ r: HubSpotRecord, deferSort: Bool = false) {
        guard !r.archived else { return }
        let key = HubSpotModifiedKey(millis: modifiedMillis(r), id: r.id)
        if deferSort { byModified.append(key) } else { byModified.insertSorted(key) }
        for name in uniqueNames {
            if let v = r.properties[name], !v.isEmpty { unique[name]![v.lowercased()] = r.id }
        }
    }

    private mutating func unindex(_ r: HubSpotRecord) {
        byModified.removeSorted(HubSpotModifiedKey(millis: modifiedMillis(r), id: r.id))
        for name in uniqueNames {
            if let v = r.properties[name], unique[name]![v.lowercased()] == r.id { unique[name]![v.lowercased()] = nil }
        }
    }
}
