import DealSyncCore
import Foundation

/// The outcome of applying a policy to a set of concurrent heads.
struct PolicyOutcome: Hashable, Sendable {
    /// The settled value, or nil when the policy waits for an admin (`manual`).
    var value: FieldValue?
    /// The replica whose edit won, when one did (a `union` merge may match no single side).
    var winner: SourceID?
}

extension ConflictPolicy {
    /// Settles concurrent heads. A function of the set alone: the heads' order is irrelevant.
    func resolve(_ heads: [Head], ranking: ReplicaRanking) -> PolicyOutcome {
        precondition(!heads.isEmpty, "a conflict has at least one head")
        let nonBlank = heads.filter { !$0.value.isBlank }
        switch self {
        case .prefer(let order, let unlessBlank):
            let pool = unlessBlank && !nonBlank.isEmpty ? nonBlank : heads
            return Self.outcome(ranking.first(of: pool, by: order))
        case .latest(let skew, let order):
            return Self.outcome(Self.latest(heads, skew: skew, order: order, ranking: ranking))
        case .max:
            return Self.outcome(Self.extreme(nonBlank.isEmpty ? heads : nonBlank, greatest: true))
        case .min:
            return Self.outcome(Self.extreme(nonBlank.isEmpty ? heads : nonBlank, greatest: false))
        case .union:
            let merged = Self.threeWayUnion(heads)
            return PolicyOutcome(value: merged, winner: heads.first { $0.value == merged }.map(\.source))
        case .manual:
            return PolicyOutcome(value: nil, winner: nil)
        }
    }

    private static func outcome(_ head: Head?) -> PolicyOutcome {
        PolicyOutcome(value: head?.value, winner: head?.source)
    }

    /// The latest edit when it leads every other by more than `skew`; otherwise the edits within
    /// `skew` of the latest are a tie that `order` breaks. Missing times count as the distant past.
    private static func latest(_ heads: [Head], skew: TimeInterval, order: [String], ranking: ReplicaRanking) -> Head? {
        func time(_ h: Head) -> Date { h.modifiedAt ?? .distantPast }
        guard let newest = heads.map(time).max() else { return nil }
        let near = heads.filter { newest.timeIntervalSince(time($0)) <= skew }
        return ranking.first(of: near, by: order)
    }

    private static func extreme(_ heads: [Head], greatest: Bool) -> Head? {
        heads.min { a, b in
            let ka = a.value.sortKey, kb = b.value.sortKey
            if ka != kb { return greatest ? ka > kb : ka < kb }
            return a.source < b.source
        }
    }

    /// Each side's additions (in its value, not in its base) are kept and its removals (in its
    /// base, not in its value) applied; an addition beats a concurrent removal, as in an OR-set.
    static func threeWayUnion(_ heads: [Head]) -> FieldValue {
        func elements(_ v: FieldValue) -> Set<FieldValue> {
            switch v.normalized {
            case .multi(let items): Set(items)
            case .null: []
            case let single: [single]
            }
        }
        var added = Set<FieldValue>(), removed = Set<FieldValue>(), all = Set<FieldValue>()
        for head in heads {
            let now = elements(head.value), before = elements(head.base)
            added.formUnion(now.subtracting(before))
            removed.formUnion(before.subtracting(now))
            all.formUnion(now)
        }
        let merged = all.subtracting(removed).union(added)
        // An empty set is spelled as null, as the mapper reads an empty remote list.
        return merged.isEmpty ? .null : FieldValue.multi(Array(merged)).normalized
    }
}
