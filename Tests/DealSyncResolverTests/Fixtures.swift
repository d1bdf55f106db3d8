import DealSyncCore
import DealSyncResolver
import Foundation

/// Three CRM accounts named unlike their kinds, so policies that name kinds are really tested.
enum Fixture {
    static let sf = SourceID("sf-prod")
    static let hs = SourceID("hubspot-main")
    static let pd = SourceID("pd-eu")
    static let replicas: Set<SourceID> = [sf, hs, pd]
    static let ranking = ReplicaRanking(kinds: [sf: "salesforce", hs: "hubspot", pd: "pipedrive"])
    static let t0 = Date(timeIntervalSince1970: 1_764_000_000)

    static func context(_ policy: ConflictPolicy, onDelete: DeleteConflictPolicy = .updateWins,
                        rules: [String: FieldRule] = [:]) -> ResolverContext {
        ResolverContext(replicas: replicas, ranking: ranking, rules: rules,
                        defaultRule: FieldRule(policy: policy), onDeleteConflict: onDelete)
    }

    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    /// A record every replica holds in sync: `source` wrote `fields`, the others confirmed our push.
    static func synced(_ fields: [String: FieldValue], by source: SourceID = sf,
                       resolver: RecordResolver) -> RecordState {
        var state = resolver.apply(fields: fields, from: source, stamp: at(0), to: .empty).state
        state = confirmAll(state, resolver: resolver)
        return state
    }

    /// Every pending push and delete succeeds.
    static func confirmAll(_ state: RecordState, resolver: RecordResolver) -> RecordState {
        var state = state
        let work = resolver.pendingWork(in: state)
        for (replica, names) in work.pushes.sorted(by: { $0.key < $1.key }) {
            let pushed = Dictionary(uniqueKeysWithValues: names.map {
                ($0, ReplicaShadow(value: state.fields[$0]!.value, vector: state.fields[$0]!.vector))
            })
            state = resolver.pushSucceeded(to: replica, fields: pushed, created: work.creates.contains(replica), in: state)
        }
        for replica in work.deletes.sorted() {
            state = resolver.deleteSucceeded(at: replica, in: state)
        }
        return state
    }
}

extension FieldValue {
    static func s(_ text: String) -> FieldValue { .string(text) }
    static func d(_ n: Int) -> FieldValue { .decimal(Decimal(n)) }
    static func set(_ items: String...) -> FieldValue { .multi(items.map(FieldValue.string)).normalized }
}
