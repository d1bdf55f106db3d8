/// One CRM object as HubSpot stores it: every property value is a string.
struct HubSpotRecord: Sendable {
    var id: Int
    var properties: [String: String]
    var createdAt: Int64
    var updatedAt: Int64
    var archivedAt: Int64?
    var archived: Bool { archivedAt != nil }

    /// The object's JSON. `select` nil means the type's default properties; named properties the
    /// record lacks come back as `null`, as HubSpot does for known properties.
    func json(_ type: HubSpotObjectType, select: [String]?, schema: HubSpotSchema) -> JSONValue {
        var props: [String: JSONValue] = [:]
        for name in select ?? type.defaultProperties {
            if let v = properties[name] { props[name] = .string(v) }
            else if schema.property(type, name) != nil { props[name] = .null }
        }
        var o: [String: JSONValue] = [
            "id": .string(String(id)), "properties": .object(props),
            "createdAt": .string(HubSpotTime.iso(millis: createdAt)),
            "updatedAt": .string(HubSpotTime.iso(millis: updatedAt)), "archived": .bool(archived),
        ]
        if let a = archivedAt { o["archivedAt"] = .string(HubSpotTime.iso(millis: a)) }
        return .object(o)
    }
}

/// Key of the modification-time index: records ordered by last-modified stamp, then id, which
/// is exactly the order an incremental `GTE` search with an ascending sort pages through.
struct HubSpotModifiedKey: Comparable, Hashable, Sendable {
    var millis: Int64
    var id: Int
    static func < (a: Self, b: Self) -> Bool { a.millis != b.millis ? a.millis < b.millis : a.id < b.id }
}

extension Array where Element: Comparable {
    /// First index whose element is not less than `key` (binary search on a sorted array).
    func lowerBound(_ key: Element) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insertSorted(_ key: Element) {
        if let last, last < key { append(key) } else { insert(key, at: lowerBound(key)) }
    }

    mutating func removeSorted(_ key: Element) {
        let i = lowerBound(key)
        if i < count, self[i] == key { remove(at: i) }
    }
}
