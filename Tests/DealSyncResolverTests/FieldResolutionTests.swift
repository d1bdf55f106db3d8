import DealSyncCore
import DealSyncResolver
import Foundation
import Testing

/// DESIGN §4 steps 1–5, one branch at a time.
@Suite struct FieldResolutionTests {
    let resolver = RecordResolver(context: Fixture.context(.defaultPolicy))
    typealias F = Fixture

    @Test func firstReportFastForwardsAndIsPushedToTheOthers() {
        let d = resolver.apply(fields: ["name": .s("Acme")], from: F.sf, stamp: F.at(0), to: .empty)
        #expect(d.outcomes["name"] == .fastForward)
        #expect(d.state.fields["name"]?.value == .s("Acme"))
        #expect(d.changedFields == ["name"])
        #expect(d.pushes == [F.hs: ["name"], F.pd: ["name"]])
        #expect(d.conflicts.isEmpty)
    }

    @Test func ourWriteComingBackIsAnEchoAndCausesNoPush() {
        let state = F.synced(["name": .s("Acme")], resolver: resolver)
        #expect(resolver.pendingWork(in: state).pushes.isEmpty)
        // HubSpot returns our value in another spelling: normalisation makes it the same value.
        let d = resolver.apply(fields: ["name": .s("  Acme ")], from: F.hs, stamp: F.at(60), to: state)
        #expect(d.outcomes["name"] == .unchanged)
        #expect(d.pushes.isEmpty)
        #expect(d.state.fields == state.fields)
    }

    @Test func editOnTopOfTheShadowFastForwards() {
        let state = F.synced(["name": .s("Acme")], resolver: resolver)
        let d = resolver.apply(fields: ["name": .s("Acme Corp")], from: F.pd, stamp: F.at(60), to: state)
        #expect(d.outcomes["name"] == .fastForward)
        #expect(d.state.fields["name"]?.value == .s("Acme Corp"))
        #expect(d.pushes == [F.sf: ["name"], F.hs: ["name"]])
        #expect(d.state.fields["name"]!.vector.compare(state.fields["name"]!.vector) == .after)
    }

    @Test func reportTheFieldAlreadySupersededIsStaleAndDropped() {
        // HubSpot's shadow is older than the field's HubSpot counter: a report built on it is
        // already part of the field's history.
        let field = FieldState(value: .s("new"), vector: VersionVector([F.hs: 3, F.sf: 1]),
                               shadows: [F.hs: ReplicaShadow(value: .s("old"), vector: VersionVector([F.hs: 1]))])
        let d = field.applying(FieldReport(source: F.hs, value: .s("older"), modifiedAt: nil),
                               field: "name", policy: .defaultPolicy, ranking: F.ranking)
        #expect(d.outcome == .stale)
        #expect(d.state.value == .s("new"))
        #expect(d.state.shadows[F.hs]?.value == .s("older"))
        // …and since HubSpot now holds something else, it is corrected by a push.
        #expect(d.state.pushTargets(among: [F.hs]) == [F.hs])
    }

    @Test func concurrentEditsToDifferentFieldsBothSurvive() {
        let state = F.synced(["name": .s("Acme"), "amount": .d(100)], resolver: resolver)
        let a = resolver.apply(fields: ["name": .s("Acme Inc"), "amount": .d(100)], from: F.sf, stamp: F.at(60), to: state)
        let b = resolver.apply(fields: ["name": .s("Acme"), "amount": .d(250)], from: F.hs, stamp: F.at(61), to: a.state)
        #expect(a.conflicts.isEmpty && b.conflicts.isEmpty)
        #expect(b.state.values == ["name": .s("Acme Inc"), "amount": .d(250)])
        #expect(b.outcomes == ["name": .unchanged, "amount": .fastForward])
    }

    @Test func concurrentEditsToTheSameFieldAreAConflict() {
        let state = F.synced(["stage": .enumeration("proposal")], resolver: resolver)
        let a = resolver.apply(fields: ["stage": .enumeration("negotiation")], from: F.sf, stamp: F.at(60), to: state)
        let b = resolver.apply(fields: ["stage": .enumeration("closed_won")], from: F.hs, stamp: F.at(3600), to: a.state)
        #expect(b.outcomes["stage"] == .concurrent)
        let conflict = try! #require(b.conflicts.first)
        #expect(conflict.sides.map(\.source) == [F.hs, F.sf])
        #expect(conflict.winner == F.hs, "an hour later beats five minutes of skew")
        #expect(conflict.policy.name == "latest")
        #expect(b.state.fields["stage"]?.value == .enumeration("closed_won"))
        // The merged result is new to both editors and to the third CRM.
        #expect(b.pushes == [F.sf: ["stage"], F.hs: ["stage"], F.pd: ["stage"]])
        #expect(b.state.fields["stage"]!.vector[.local] == 1)
    }

    @Test func concurrentEditsToTheSameValueAreNoConflict() {
        let state = F.synced(["stage": .enumeration("proposal")], resolver: resolver)
        let a = resolver.apply(fields: ["stage": .enumeration("closed_won")], from: F.sf, stamp: F.at(60), to: state)
        let b = resolver.apply(fields: ["stage": .enumeration("closed_won")], from: F.pd, stamp: F.at(70), to: a.state)
        #expect(b.conflicts.isEmpty)
        #expect(b.state.fields["stage"]?.value == .enumeration("closed_won"))
    }

    @Test func replicasThatAlreadyHoldTheValueAreConfirmedNotWritten() {
        // Backfill: Salesforce and HubSpot both already hold "Acme"; Pipedrive has nothing.
        let a = resolver.apply(fields: ["name": .s("Acme")], from: F.sf, stamp: F.at(0), to: .empty)
        let b = resolver.apply(fields: ["name": .s("Acme")], from: F.hs, stamp: F.at(1), to: a.state)
        #expect(b.conflicts.isEmpty)
        #expect(b.pushes == [F.sf: ["name"], F.hs: ["name"], F.pd: ["name"]])
        #expect(b.alreadyHeld == [F.sf: ["name"], F.hs: ["name"]])
        let (confirmed, remaining) = resolver.confirmingAlreadyHeld(in: b.state)
        #expect(remaining == [F.pd: ["name"]], "only Pipedrive needs an API call")
        #expect(resolver.pendingWork(in: confirmed).pushes == [F.pd: ["name"]])
        // HubSpot's next edit is then made on top of the agreed value: a plain fast-forward.
        let c = resolver.apply(fields: ["name": .s("Acme Inc")], from: F.hs, stamp: F.at(60), to: confirmed)
        #expect(c.outcomes["name"] == .fastForward && c.conflicts.isEmpty)
        #expect(c.state.fields["name"]?.value == .s("Acme Inc"))
    }

    @Test func hookOutputIsALocalEditThatSyncsEverywhere() {
        let state = F.synced(["name": .s("Acme")], resolver: resolver)
        let d = resolver.applyLocal(fields: ["score": .d(87)], at: F.at(5), to: state)
        #expect(d.outcomes["score"] == .fastForward)
        #expect(d.pushes == [F.sf: ["score"], F.hs: ["score"], F.pd: ["score"]])
        #expect(d.state.fields["score"]?.vector == VersionVector([.local: 1]))
        let again = resolver.applyLocal(fields: ["score": .d(87)], at: F.at(6), to: d.state)
        #expect(again.outcomes["score"] == .unchanged)
    }

    @Test func olderPayloadTriggersRefetchNotWrite() {
        let state = F.synced(["name": .s("Acme")], resolver: resolver)
        let newer = resolver.apply(fields: ["name": .s("Acme 2")], from: F.hs, stamp: F.at(100), to: state)
        let late = resolver.apply(fields: ["name": .s("Acme 1")], from: F.hs, stamp: F.at(50), to: newer.state)
        #expect(late.refetch)
        #expect(late.state == newer.state)
        #expect(late.pushes.isEmpty && late.changedFields.isEmpty)
        let same = resolver.apply(fields: ["name": .s("Acme 2")], from: F.hs, stamp: F.at(100), to: newer.state)
        #expect(!same.refetch && same.outcomes["name"] == .unchanged)
    }

    @Test func lateConfirmationDoesNotRollAShadowBack() {
        let state = F.synced(["name": .s("A")], resolver: resolver)
        let v1 = state.fields["name"]!.vector
        let b = resolver.apply(fields: ["name": .s("B")], from: F.sf, stamp: F.at(10), to: state).state
        let v2 = b.fields["name"]!.vector
        var s = resolver.pushSucceeded(to: F.hs, fields: ["name": ReplicaShadow(value: .s("B"), vector: v2)], in: b)
        s = resolver.pushSucceeded(to: F.hs, fields: ["name": ReplicaShadow(value: .s("A"), vector: v1)], in: s)
        #expect(s.fields["name"]?.shadows[F.hs] == ReplicaShadow(value: .s("B"), vector: v2))
    }

    @Test func fieldsMappedInOnlyAreNotPushed() {
        let rules = ["hs_score": FieldRule(policy: .defaultPolicy, pushKinds: ["hubspot"])]
        let r = RecordResolver(context: Fixture.context(.defaultPolicy, rules: rules))
        let d = r.apply(fields: ["hs_score": .d(3)], from: F.sf, stamp: F.at(0), to: .empty)
        #expect(d.pushes == [F.hs: ["hs_score"]])
    }
}

@Suite struct PersistenceFallbackTests {
    typealias F = Fixture

    @Test func aStateLoadedWithoutHeadsStillDetectsConcurrency() {
        // The store kept only value, vector and shadows: Salesforce last wrote "A" at {sf:1}.
        let field = FieldState(value: .s("A"), vector: VersionVector([F.sf: 1]),
                               shadows: [F.sf: ReplicaShadow(value: .s("A"), vector: VersionVector([F.sf: 1]))])
        let d = field.applying(FieldReport(source: F.hs, value: .s("B"), modifiedAt: F.at(0)), field: "name",
                               policy: .prefer(order: ["salesforce"], unlessBlank: false), ranking: F.ranking)
        #expect(d.outcome == .concurrent)
        #expect(d.conflict?.winner == F.sf, "Salesforce's shadow shows it wrote the stored value")
        #expect(d.state.value == .s("A"))
        let other = field.applying(FieldReport(source: F.hs, value: .s("B"), modifiedAt: F.at(0)), field: "name",
                                   policy: .prefer(order: ["hubspot"], unlessBlank: false), ranking: F.ranking)
        #expect(other.state.value == .s("B"))
    }
}
