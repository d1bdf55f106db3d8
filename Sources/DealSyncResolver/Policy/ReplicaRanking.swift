import DealSyncCore

/// Ranks replicas for the `prefer` and `latest` policies. A policy's order names source ids or
/// source kinds; the ranking knows each linked source's kind, so `[salesforce, hubspot]` works
/// whatever the operator called the accounts.
public struct ReplicaRanking: Hashable, Sendable {
    /// Source id → kind (`salesforce`, `hubspot`, `pipedrive`, `gmail`, …). `local` is `local`.
    public var kinds: [SourceID: String]

    public init(kinds: [SourceID: String] = [:]) {
        self.kinds = kinds
        self.kinds[.local] = "local"
    }

    /// Lower is preferred; replicas the order does not name come last.
    public func rank(_ source: SourceID, in order: [String]) -> Int {
        if let i = order.firstIndex(of: source.rawValue) { return i }
        if let kind = kinds[source], let i = order.firstIndex(of: kind) { return i }
        return order.count
    }

    /// The preferred head by `order`, then replica id, then value: a total order, so the choice
    /// never depends on how the heads were listed.
    func first(of heads: [Head], by order: [String]) -> Head? {
        heads.min { a, b in
            let ra = rank(a.source, in: order), rb = rank(b.source, in: order)
            if ra != rb { return ra < rb }
            if a.source != b.source { return a.source < b.source }
            return a.value.sortKey < b.value.sortKey
        }
    }
}
