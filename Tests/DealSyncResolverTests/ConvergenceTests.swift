import DealSyncCore
import DealSyncResolver
import Foundation
import Testing

/// DESIGN §4: "the same edits delivered in any order give the same result". Each replica makes a
/// short sequence of edits from a synced start; the reports are delivered in random
/// interleavings (one replica's own reports stay in order, as its stamps demand) with duplicates,
/// including late duplicates of superseded payloads.
@Suite struct ConvergenceTests {
    typealias F = Fixture
    struct Report { var source: SourceID; var fields: [String: FieldValue]; var stamp: Date }

    static let policies: [ConflictPolicy] = [
        .prefer(order: ["pipedrive", "salesforce"], unlessBlank: true),
        .prefer(order: ["hubspot"], unlessBlank: false),
        .latest(skew: 300, order: ["salesforce", "hubspot", "pipedrive"]),
        .max, .min, .union, .manual,
    ]

    static func value(_ policy: ConflictPolicy, _ rng: inout SplitMix64) -> FieldValue {
        if policy == .union {
            return .multi(["a", "b", "c", "d"].filter { _ in Bool.random(using: &rng) }.map(FieldValue.string)).normalized
        }
        let n = Int.random(in: 0...5, using: &rng)
        return n == 0 ? .null : .d(n * 10)
    }

    /// Up to two edits per replica, touching a random subset of fields `f` and `g`.
    static func edits(_ policy: ConflictPolicy, _ rng: inout SplitMix64) -> [[Report]] {
        [F.sf, F.hs, F.pd].map { source in
            var time = Double.random(in: 0...900, using: &rng)
            return (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                time += Double.random(in: 1...400, using: &rng)
                var fields: [String: FieldValue] = [:]
                for name in ["f", "g"] where Bool.random(using: &rng) { fields[name] = value(policy, &rng) }
                return Report(source: source, fields: fields, stamp: F.at(time))
            }
        }
    }

    /// A random interleaving of the per-replica sequences, with duplicates sprinkled in.
    static func delivery(_ sequences: [[Report]], _ rng: inout SplitMix64) -> [Report] {
        var queues = sequences, out: [Report] = []
        while queues.contains(where: { !$0.isEmpty }) {
            let live = queues.indices.filter { !queues[$0].isEmpty }
            let i = live[Int.random(in: 0..<live.count, using: &rng)]
            out.append(queues[i].removeFirst())
            if Int.random(in: 0..<3, using: &rng) == 0 { out.append(out[Int.random(in: 0..<out.count, using: &rng)]) }
        }
        return out
    }

    static func run(_ reports: [Report], from start: RecordState, _ resolver: RecordResolver) -> RecordState {
        reports.reduce(start) { resolver.apply(fields: $1.fields, from: $1.source, stamp: $1.stamp, to: $0).state }
    }

    /// Under `manual` the value an open conflict keeps is whichever side arrived first; every
    /// other part of the state (heads, vector, shadows, the open flag) must agree.
    static func comparable(_ state: RecordState, _ policy: ConflictPolicy) -> RecordState {
        guard policy == .manual else { return state }
        var s = state
        for (name, field) in s.fields where field.isConflictOpen { s.fields[name]?.value = .null }
        return s
    }

    @Test(arguments: Array(UInt64(1)...40))
    func anyDeliveryOrderConverges(seed: UInt64) {
        for (index, policy) in Self.policies.enumerated() {
            var rng = SplitMix64(seed: seed &* 31 &+ UInt64(index))
            let resolver = RecordResolver(context: F.context(policy))
            let base = Self.value(policy, &rng)
            let start = F.synced(["f": base, "g": base], resolver: resolver)
            let sequences = Self.edits(policy, &rng)
            let reference = Self.run(sequences.flatMap { $0 }, from: start, resolver)
            for _ in 0..<6 {
                let order = Self.delivery(sequences, &rng)
                let result = Self.run(order, from: start, resolver)
                #expect(Self.comparable(result, policy) == Self.comparable(reference, policy),
                        "seed \(seed) policy \(policy.name)")
            }
        }
    }

    @Test(arguments: Array(UInt64(1)...40))
    func afterPushesEveryReplicaAgreesAndEchoesCauseNoWork(seed: UInt64) {
        for (index, policy) in Self.policies.enumerated() where policy != .manual {
            var rng = SplitMix64(seed: seed &* 131 &+ UInt64(index))
            let resolver = RecordResolver(context: F.context(policy))
            let base = Self.value(policy, &rng)
            let start = F.synced(["f": base, "g": base], resolver: resolver)
            let order = Self.delivery(Self.edits(policy, &rng), &rng)
            let settled = F.confirmAll(Self.run(order, from: start, resolver), resolver: resolver)
            #expect(resolver.pendingWork(in: settled).pushes.isEmpty, "seed \(seed) policy \(policy.name)")
            for replica in [F.sf, F.hs, F.pd] {
                for (name, field) in settled.fields where field.hasHistory {
                    #expect(field.shadows[replica]?.value == field.value, "seed \(seed) \(replica) \(name)")
                }
                // Each CRM now returns exactly what we wrote: nothing changes, nothing is pushed.
                let echo = resolver.apply(fields: settled.values, from: replica, stamp: F.at(10_000), to: settled)
                #expect(echo.outcomes.values.allSatisfy { $0 == .unchanged }, "seed \(seed) policy \(policy.name)")
                #expect(echo.pushes.isEmpty && echo.conflicts.isEmpty)
                #expect(echo.state.fields == settled.fields)
            }
        }
    }

    @Test(arguments: Array(UInt64(1)...40))
    func concurrentEditsToDifferentFieldsNeverConflict(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let resolver = RecordResolver(context: F.context(.manual))
        let names = ["a", "b", "c", "d", "e", "f"]
        let start = F.synced(Dictionary(uniqueKeysWithValues: names.map { ($0, FieldValue.d(0)) }), resolver: resolver)
        // Each field is edited by exactly one replica, so no two edits touch the same field.
        var owner: [SourceID: [String: FieldValue]] = [:]
        for name in names {
            owner[[F.sf, F.hs, F.pd][Int.random(in: 0..<3, using: &rng)], default: [:]][name] = .d(Int.random(in: 1...99, using: &rng))
        }
        var state = start
        for (source, fields) in owner.shuffled(using: &rng) {
            let d = resolver.apply(fields: fields, from: source, stamp: F.at(Double(seed)), to: state)
            #expect(d.conflicts.isEmpty, "seed \(seed)")
            state = d.state
        }
        let expected = owner.values.reduce(into: [String: FieldValue]()) { $0.merge($1) { a, _ in a } }
        for (name, value) in expected { #expect(state.values[name] == value) }
    }
}
