import DealSyncCore
import Foundation
import Testing

/// The algebra the resolver relies on: merge is a join (commutative, associative, idempotent),
/// compare is the partial order that join induces, and incrementing moves strictly forward.
@Suite struct VersionVectorLawTests {
    static let replicas = ["local", "salesforce", "hubspot", "pipedrive"].map(SourceID.init)
    static let seeds: [UInt64] = Array(1...300)

    static func vector(_ rng: inout SplitMix64) -> VersionVector {
        var counters: [SourceID: UInt64] = [:]
        for replica in replicas where Bool.random(using: &rng) {
            counters[replica] = UInt64.random(in: 0...4, using: &rng)
        }
        return VersionVector(counters)
    }

    @Test(arguments: seeds) func mergeIsCommutativeAssociativeIdempotent(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let a = Self.vector(&rng), b = Self.vector(&rng), c = Self.vector(&rng)
        #expect(a.merged(with: b) == b.merged(with: a), "seed \(seed)")
        #expect(a.merged(with: b).merged(with: c) == a.merged(with: b.merged(with: c)), "seed \(seed)")
        #expect(a.merged(with: a) == a, "seed \(seed)")
        #expect(a.merged(with: VersionVector()) == a, "seed \(seed)")
    }

    @Test(arguments: seeds) func compareAgreesWithMerge(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let a = Self.vector(&rng), b = Self.vector(&rng)
        let join = a.merged(with: b)
        let expected: VersionVector.Order =
            a == b ? .equal : join == b ? .before : join == a ? .after : .concurrent
        #expect(a.compare(b) == expected, "seed \(seed): \(a) vs \(b)")
        #expect(a.dominates(b) == (join == a), "seed \(seed)")
        // Compare is antisymmetric: swapping the sides mirrors the answer.
        let mirrored: [VersionVector.Order: VersionVector.Order] = [.equal: .equal, .before: .after, .after: .before, .concurrent: .concurrent]
        #expect(b.compare(a) == mirrored[a.compare(b)], "seed \(seed)")
        // The join dominates both sides.
        #expect(join.dominates(a) && join.dominates(b), "seed \(seed)")
    }

    @Test(arguments: seeds) func incrementedStrictlyDominates(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let a = Self.vector(&rng)
        let replica = Self.replicas[Int.random(in: 0..<Self.replicas.count, using: &rng)]
        let next = a.incremented(for: replica)
        #expect(next.compare(a) == .after, "seed \(seed)")
        #expect(next[replica] == a[replica] + 1)
        // Two replicas incrementing the same base are concurrent.
        let other = Self.replicas.first { $0 != replica }!
        #expect(a.incremented(for: other).compare(next) == .concurrent, "seed \(seed)")
    }

    @Test func zeroCountersDoNotChangeIdentity() {
        let a = VersionVector([SourceID("hubspot"): 0, SourceID("salesforce"): 2])
        #expect(a == VersionVector([SourceID("salesforce"): 2]))
        #expect(a.compare(VersionVector([SourceID("salesforce"): 2])) == .equal)
    }

    @Test(arguments: seeds.prefix(50)) func codableRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let a = Self.vector(&rng)
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(VersionVector.self, from: data) == a)
    }
}
