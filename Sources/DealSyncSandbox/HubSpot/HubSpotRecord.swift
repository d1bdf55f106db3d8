/// One past value of a property, as `propertiesWithHistory` lists it.
struct HubSpotPropertyVersion: Sendable {
    var value: String
    var timestamp: Int64
    var source: HubSpotActor

    var json: JSONValue {
        ["value": .string(value), "timestamp": .string(HubSpotTime.iso(millis: timestamp)),
         "sourceType": .string(source.changeSource), "sourceId": .string(source.sourceId)]
    }
}

/// One CRM object as HubSpot stores it: every property value is a string.
struct HubSpotRecord: Sendable {
    var id: Int
    var properties: [String: String]
    var createdAt: Int64
    var updatedAt: Int64
    var archivedAt: Int64?
    /// Who created the record: the source of every value not changed since.
    var createdBy: HubSpotActor
    /// Versions of the properties changed since creation, oldest first. Untouched properties
    /// keep no history (their one version is synthesised on read), so a 100,000-record seed
    /// costs nothing here.
    var history: [String: [HubSpotPropertyVersion]] = [:]
    var archived: Bool { archivedAt != nil }

    /// A property's versions, newest first, as HubSpot lists them.
    func versions(_ name: String) -> [HubSpotPropertyVersion] {
        if let h = history[name] { return h.reversed() }
        guard let v = properties[name] else { return [] }
        return [HubSpotPropertyVersion(value: v, timestamp: createdAt, source: createdBy)]
    }

    /// Records `value` as the property's newest version, keeping the creation value first.
    mutating func recordVersion(_ name: String, previous: String?, value: String, at millis: Int64, by actor: HubSpotActor) {
        if history[name] == nil, let previous {
            history[name] = [HubSpotPropertyVersion(value: previous, timestamp: createdAt, source: createdBy)]
        }
        history[name, default: []].append(HubSpotPropertyVersion(value: value, timestamp: millis, source: actor))
    }

    /// The object's JSON. `select` nil means the type's default properties; named properties the
    /// record lacks come back as `null`, as HubSpot does for known properties.
    func json(_ type: HubSpotObjectType, select: [String]?, schema: HubSpotSchema, withHistory: [String]? = nil) -> JSONValue {
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
        if let withHistory, !withHistory.isEmpty {
            var h: [String: JSONValue] = [:]
            for name in withHistory where schema.property(type, name) != nil {
                h[name] = .array(versions(name).map(\.json))
            }
            o["propertiesWithHistory"] = .object(h)
        }
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
