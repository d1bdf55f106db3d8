import DealSyncCore
import DealSyncResolver
import Foundation
import Testing

/// Deletes are tombstones in the version-vector scheme; a delete racing an update follows the
/// object's `on_delete_conflict` policy (default: the update wins).
@Suite struct TombstoneTests {
    typealias F = Fixture

    func start(_ r: RecordResolver) -> RecordState { F.synced(["name": .s("Acme"), "amount": .d(100)], resolver: r) }

    @Test func cleanDeleteIsPushedToTheOthersAndItsEchoIsIgnored() {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let d = r.applyDelete(from: F.hs, stamp: F.at(10), to: start(r))
        #expect(d.becameDeleted && d.state.isDeleted)
        #expect(d.deletes == [F.sf, F.pd])
        #expect(d.pushes.isEmpty && d.deleteConflict == nil)
        let done = F.confirmAll(d.state, resolver: r)
        #expect(r.pendingWork(in: done).deletes.isEmpty)
        let echo = r.applyDelete(from: F.sf, stamp: F.at(20), to: done)
        #expect(echo.state == done.withStamp(F.sf, F.at(20)))
        #expect(echo.deletes.isEmpty && !echo.becameDeleted)
    }

    @Test func deletedRecordTakesNoHookOutput() {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let deleted = F.confirmAll(r.applyDelete(from: F.hs, stamp: F.at(10), to: start(r)).state, resolver: r)
        let d = r.applyLocal(fields: ["score": .d(90)], at: F.at(11), to: deleted)
        #expect(d.state == deleted && d.pushes.isEmpty)
    }

    @Test(arguments: [false, true]) func updateWinsOverAConcurrentDeleteInEitherOrder(deleteFirst: Bool) {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let s0 = start(r)
        let delete = { (s: RecordState) in r.applyDelete(from: F.hs, stamp: F.at(10), to: s) }
        let update = { (s: RecordState) in r.apply(fields: ["amount": .d(500)], from: F.sf, stamp: F.at(12), to: s) }
        let final = deleteFirst ? update(delete(s0).state) : delete(update(s0).state)
        #expect(!final.state.isDeleted)
        #expect(final.state.values["amount"] == .d(500))
        #expect(final.deleteConflict?.deleteWon == false)
        #expect(final.deleteConflict?.updatedFields == ["amount"])
        #expect(final.creates == [F.hs], "HubSpot deleted it, so it is created there again")
        #expect(final.pushes[F.hs] == ["name", "amount"], "a re-create carries every field")
        #expect(final.deletes.isEmpty)
        // Once re-created, everything is in agreement and nothing more is owed.
        let settled = F.confirmAll(final.state, resolver: r)
        let work = r.pendingWork(in: settled)
        #expect(work.creates.isEmpty && work.pushes.isEmpty)
    }

    @Test(arguments: [false, true]) func deleteWinsWhenTheObjectSaysSo(deleteFirst: Bool) {
        let r = RecordResolver(context: F.context(.defaultPolicy, onDelete: .deleteWins))
        let s0 = start(r)
        let delete = { (s: RecordState) in r.applyDelete(from: F.hs, stamp: F.at(10), to: s) }
        let update = { (s: RecordState) in r.apply(fields: ["amount": .d(500)], from: F.sf, stamp: F.at(12), to: s) }
        let final = deleteFirst ? update(delete(s0).state) : delete(update(s0).state)
        #expect(final.state.isDeleted)
        #expect(final.deleteConflict?.deleteWon == true)
        #expect(final.deletes == [F.sf, F.pd])
        #expect(final.pushes.isEmpty && final.creates.isEmpty)
    }

    @Test func hookOutputDoesNotKeepADeletedRecordAlive() {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let scored = r.applyLocal(fields: ["score": .d(70)], at: F.at(5), to: start(r)).state
        let d = r.applyDelete(from: F.pd, stamp: F.at(10), to: scored)
        #expect(d.state.isDeleted && d.deleteConflict == nil)
    }

    @Test func concurrentDeletesAgree() {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let a = r.applyDelete(from: F.hs, stamp: F.at(10), to: start(r))
        let b = r.applyDelete(from: F.pd, stamp: F.at(11), to: a.state)
        #expect(b.state.isDeleted && b.deleteConflict == nil)
        #expect(b.deletes == [F.sf])
    }

    @Test func aReplicaThatConfirmedTheDeleteCanRestoreTheRecord() {
        let r = RecordResolver(context: F.context(.defaultPolicy, onDelete: .deleteWins))
        let deleted = F.confirmAll(r.applyDelete(from: F.hs, stamp: F.at(10), to: start(r)).state, resolver: r)
        // Salesforce undeletes from its recycle bin, with a new amount.
        let d = r.apply(fields: ["name": .s("Acme"), "amount": .d(101)], from: F.sf, stamp: F.at(50), to: deleted)
        #expect(d.resurrected && !d.state.isDeleted)
        #expect(d.creates == [F.hs, F.pd])
        #expect(d.pushes[F.sf] == nil, "Salesforce holds what it reported")
        #expect(d.pushes[F.hs] == ["name", "amount"])
    }

    @Test func staleReReadOfADeletedRecordIsRefetched() {
        let r = RecordResolver(context: F.context(.defaultPolicy))
        let deleted = r.applyDelete(from: F.hs, stamp: F.at(10), to: start(r)).state
        let late = r.apply(fields: ["name": .s("Acme")], from: F.hs, stamp: F.at(5), to: deleted)
        #expect(late.refetch && late.state == deleted)
    }
}

/// A delete racing updates, delivered in every order, ends the same way: deleted or alive, the
/// same field values, the same replicas owed a delete or a re-create.
@Suite struct TombstoneConvergenceTests {
    typealias F = Fixture
    enum Step { case update(SourceID, Int, TimeInterval), delete(SourceID, TimeInterval) }

    func run(_ steps: [Step], _ r: RecordResolver, from start: RecordState) -> RecordDecision {
        var decision = r.pendingWork(in: start)
        for step in steps {
            switch step {
            case .update(let source, let amount, let t):
                decision = r.apply(fields: ["amount": .d(amount)], from: source, stamp: F.at(t), to: decision.state)
            case .delete(let source, let t):
                decision = r.applyDelete(from: source, stamp: F.at(t), to: decision.state)
            }
        }
        return r.pendingWork(in: decision.state)
    }

    @Test(arguments: Array(UInt64(1)...60), [DeleteConflictPolicy.updateWins, .deleteWins])
    func deleteAndUpdatesConvergeInAnyOrder(seed: UInt64, policy: DeleteConflictPolicy) {
        var rng = SplitMix64(seed: seed)
        let r = RecordResolver(context: F.context(.max, onDelete: policy))
        let start = F.synced(["name": .s("Acme"), "amount": .d(100)], resolver: r)
        let all = [F.sf, F.hs, F.pd].shuffled(using: &rng)
        // One or two replicas delete; the others may update concurrently.
        let deleters = Array(all.prefix(Int.random(in: 1...2, using: &rng)))
        var steps: [Step] = deleters.map { .delete($0, Double.random(in: 0...100, using: &rng)) }
        for source in all where !deleters.contains(source) && Bool.random(using: &rng) {
            steps.append(.update(source, Int.random(in: 2...9, using: &rng) * 100, Double.random(in: 0...100, using: &rng)))
        }
        let reference = run(steps, r, from: start)
        for _ in 0..<6 {
            let other = run(steps.shuffled(using: &rng), r, from: start)
            #expect(other.state.isDeleted == reference.state.isDeleted, "seed \(seed)")
            #expect(other.state.values == reference.state.values, "seed \(seed)")
            #expect(other.deletes == reference.deletes && other.creates == reference.creates, "seed \(seed)")
            #expect(other.pushes == reference.pushes, "seed \(seed)")
        }
        let updated = steps.contains { if case .update = $0 { true } else { false } }
        #expect(reference.state.isDeleted == (!updated || policy == .deleteWins), "seed \(seed)")
    }
}

extension RecordState {
    func withStamp(_ source: SourceID, _ date: Date) -> RecordState {
        var s = self
        s.stamps[source] = date
        return s
    }
}

@Suite struct RecordStateCodingTests {
    @Test func aStateWithOpenConflictsAndARacingDeleteSurvivesJSON() throws {
        let r = RecordResolver(context: Fixture.context(.manual))
        var s = Fixture.synced(["amount": .d(1), "tags": .set("a")], resolver: r)
        s = r.apply(fields: ["amount": .d(2)], from: Fixture.sf, stamp: Fixture.at(5), to: s).state
        s = r.apply(fields: ["amount": .d(3)], from: Fixture.hs, stamp: Fixture.at(6), to: s).state
        s = r.applyDelete(from: Fixture.pd, stamp: Fixture.at(7), to: s).state
        let back = try JSONDecoder().decode(RecordState.self, from: JSONEncoder().encode(s))
        #expect(back == s)
        #expect(back.fields["amount"]?.isConflictOpen == true && back.fields["amount"]?.heads.count == 2)
    }
}
