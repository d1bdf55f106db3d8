import DealSyncCore

/// How one canonical field is resolved and where it is written.
public struct FieldRule: Hashable, Sendable {
    public var policy: ConflictPolicy
    /// Source kinds the field is written to (mapped with direction `both` or `out`);
    /// nil writes it to every replica.
    public var pushKinds: Set<String>?

    public init(policy: ConflictPolicy = .defaultPolicy, pushKinds: Set<String>? = nil) {
        self.policy = policy
        self.pushKinds = pushKinds
    }
}

/// Everything the resolver needs to know about a record besides its state: the replicas that
/// hold (or should hold) it, their kinds, and the field rules from the mappings. Inputs only:
/// the resolver does no I/O and reads no clock.
public struct ResolverContext: Hashable, Sendable {
    /// Replicas that hold or should hold the record (its links, plus replicas it should be
    /// created in). `local` is implicit and never receives pushes.
    public var replicas: Set<SourceID>
    public var ranking: ReplicaRanking
    public var rules: [String: FieldRule]
    /// For fields the mapping does not name (fields from other CRMs, hook output).
    public var defaultRule: FieldRule
    public var onDeleteConflict: DeleteConflictPolicy

    public init(replicas: Set<SourceID>, ranking: ReplicaRanking = ReplicaRanking(), rules: [String: FieldRule] = [:],
                defaultRule: FieldRule = FieldRule(), onDeleteConflict: DeleteConflictPolicy = .updateWins) {
        self.replicas = replicas
        self.ranking = ranking
        self.rules = rules
        self.defaultRule = defaultRule
        self.onDeleteConflict = onDeleteConflict
    }

    public func rule(for field: String) -> FieldRule { rules[field] ?? defaultRule }

    /// True when `field` is written to `replica`.
    public func writes(_ field: String, to replica: SourceID) -> Bool {
        guard replica != .local, let kinds = rule(for: field).pushKinds else { return replica != .local }
        return kinds.contains(replica.rawValue) || ranking.kinds[replica].map(kinds.contains) == true
    }
}
