import Foundation

/// One request as the service saw it: the path below the service prefix, as the client sent it
/// (still percent-encoded), and the raw query string apart.
public struct RequestLogEntry: Sendable, Hashable {
    public var method: String
    public var path: String
    public var query: String?
    public var status: Int

    public init(method: String, path: String, query: String?, status: Int) {
        self.method = method
        self.path = path
        self.query = query
        self.status = status
    }

    var json: JSONValue {
        var o: [String: JSONValue] = ["method": .string(method), "path": .string(path), "status": .number(Double(status))]
        if let query { o["query"] = .string(query) }
        return .object(o)
    }
}

/// The most recent `capacity` requests, oldest first. Sequence numbers count every request ever
/// appended (since the last clear), so a reader can ask for "everything after n" across evictions.
struct RequestLog: Sendable {
    let capacity: Int
    private var ring: [RequestLogEntry] = []
    private var head = 0 // index of the oldest entry once the ring is full
    private(set) var evicted = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var total: Int { evicted + ring.count }

    mutating func append(_ entry: RequestLogEntry) {
        if ring.count < capacity {
            ring.append(entry)
        } else {
            ring[head] = entry
            head = (head + 1) % capacity
            evicted += 1
        }
    }

    /// Entries with sequence number ≥ `since` that are still held.
    func entries(since: Int = 0) -> [RequestLogEntry] {
        let skip = max(0, since - evicted)
        guard skip < ring.count else { return [] }
        return (skip..<ring.count).map { ring[(head + $0) % ring.count] }
    }

    mutating func clear() {
        ring.removeAll(keepingCapacity: false)
        head = 0
        evicted = 0
    }
}
