/// A version vector: replica → counter. The daemon mints every counter itself (DESIGN §4),
/// so vectors from different replicas are always comparable element by element.
public struct VersionVector: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Order: Sendable, Equatable {
        case equal, before, after, concurrent
    }

    /// Only non-zero counters are kept, so equal vectors have equal representations.
    public private(set) var counters: [SourceID: UInt64]

    public init(_ counters: [SourceID: UInt64] = [:]) {
        self.counters = counters.filter { $0.value > 0 }
    }

    public subscript(replica: SourceID) -> UInt64 { counters[replica] ?? 0 }

    public func incremented(for replica: SourceID) -> VersionVector {
        var copy = self
        copy.counters[replica, default: 0] += 1
        return copy
    }

    /// Pointwise maximum: the least vector that dominates both.
    public func merged(with other: VersionVector) -> VersionVector {
        VersionVector(counters.merging(other.counters, uniquingKeysWith: max))
    }

    /// How `self` relates to `other` in the happened-before order.
    public func compare(_ other: VersionVector) -> Order {
        var less = false, greater = false
        for replica in Set(counters.keys).union(other.counters.keys) {
            let a = self[replica], b = other[replica]
            if a < b { less = true } else if a > b { greater = true }
            if less && greater { return .concurrent }
        }
        switch (less, greater) {
        case (false, false): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (true, true): return .concurrent
        }
    }

    /// True when `self` has seen everything `other` has.
    public func dominates(_ other: VersionVector) -> Bool {
        let order = compare(other)
        return order == .equal || order == .after
    }

    public var description: String {
        "{" + counters.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: UInt64].self)
        self.init(Dictionary(uniqueKeysWithValues: raw.map { (SourceID($0.key), $0.value) }))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: counters.map { ($0.key.rawValue, $0.value) }))
    }
}
