import DealSyncCore
import DealSyncResolver
import Foundation
import Testing

/// Each policy of DESIGN §4 step 3 on a two-sided conflict: Salesforce and HubSpot both edit
/// a field all three CRMs held in sync.
@Suite struct PolicyTests {
    typealias F = Fixture

    /// Salesforce's edit is delivered first, HubSpot's second, and the other way round; both
    /// orders must give the same outcome.
    func conflict(_ policy: ConflictPolicy, base: FieldValue, sf: FieldValue, sfAt: TimeInterval,
                  hs: FieldValue, hsAt: TimeInterval) -> (FieldState, ConflictRecord?) {
        let r = RecordResolver(context: F.context(policy))
        let start = F.synced(["f": base], resolver: r)
        let a1 = r.apply(fields: ["f": sf], from: F.sf, stamp: F.at(sfAt), to: start)
        let a2 = r.apply(fields: ["f": hs], from: F.hs, stamp: F.at(hsAt), to: a1.state)
        let b1 = r.apply(fields: ["f": hs], from: F.hs, stamp: F.at(hsAt), to: start)
        let b2 = r.apply(fields: ["f": sf], from: F.sf, stamp: F.at(sfAt), to: b1.state)
        var fa = a2.state.fields["f"]!, fb = b2.state.fields["f"]!
        if policy != .manual { #expect(fa == fb) }
        #expect(a2.conflicts.first?.sides == b2.conflicts.first?.sides)
        fa.value = .null; fb.value = .null
        #expect(fa == fb)
        return (a2.state.fields["f"]!, a2.conflicts.first)
    }

    @Test func preferFollowsTheSourceOrderByKind() {
        let (f, c) = conflict(.prefer(order: ["hubspot", "salesforce"], unlessBlank: false),
                              base: .s("Acme"), sf: .s("Acme SF"), sfAt: 100, hs: .s("Acme HS"), hsAt: 10)
        #expect(f.value == .s("Acme HS"))
        #expect(c?.winner == F.hs)
        #expect(c?.resolvedValue == .s("Acme HS"))
    }

    @Test func preferCanNameASourceId() {
        let (f, _) = conflict(.prefer(order: ["sf-prod"], unlessBlank: false),
                              base: .s("A"), sf: .s("S"), sfAt: 0, hs: .s("H"), hsAt: 0)
        #expect(f.value == .s("S"))
    }

    @Test func preferUnlessBlankSkipsAClearedValue() {
        let (f, c) = conflict(.prefer(order: ["salesforce", "hubspot"], unlessBlank: true),
                              base: .s("Acme"), sf: .s("   "), sfAt: 0, hs: .s("Acme Ltd"), hsAt: 0)
        #expect(f.value == .s("Acme Ltd"))
        #expect(c?.winner == F.hs)
        let (g, _) = conflict(.prefer(order: ["salesforce", "hubspot"], unlessBlank: false),
                              base: .s("Acme"), sf: .null, sfAt: 0, hs: .s("Acme Ltd"), hsAt: 0)
        #expect(g.value == .null)
    }

    @Test func latestWinsWhenTheGapExceedsTheSkew() {
        let (f, c) = conflict(.latest(skew: 300, order: ["salesforce", "hubspot"]),
                              base: .d(100), sf: .d(200), sfAt: 0, hs: .d(300), hsAt: 301)
        #expect(f.value == .d(300))
        #expect(c?.winner == F.hs)
    }

    @Test func latestWithinTheSkewFallsBackToSourceOrder() {
        let (f, c) = conflict(.latest(skew: 300, order: ["salesforce", "hubspot"]),
                              base: .d(100), sf: .d(200), sfAt: 0, hs: .d(300), hsAt: 300)
        #expect(f.value == .d(200), "a 300 s gap is not more than the 300 s skew")
        #expect(c?.winner == F.sf)
    }

    @Test func latestBreaksTiesOfUnrankedSourcesByReplicaId() {
        let (f, _) = conflict(.latest(skew: 300, order: []),
                              base: .d(1), sf: .d(2), sfAt: 0, hs: .d(3), hsAt: 0)
        #expect(f.value == .d(3), "hubspot-main sorts before sf-prod")
    }

    @Test func maxAndMinCompareNumerically() {
        let (hi, c) = conflict(.max, base: .d(50), sf: .d(9), sfAt: 0, hs: .d(10), hsAt: 0)
        #expect(hi.value == .d(10))
        #expect(c?.winner == F.hs)
        let (lo, _) = conflict(.min, base: .d(50), sf: .d(9), sfAt: 0, hs: .d(10), hsAt: 0)
        #expect(lo.value == .d(9))
        let (loBlank, _) = conflict(.min, base: .d(50), sf: .null, sfAt: 0, hs: .d(10), hsAt: 0)
        #expect(loBlank.value == .d(10), "a blank never wins min")
    }

    @Test func unionIsAThreeWaySetMerge() {
        // Base {a, b, c}; Salesforce removes b and adds d; HubSpot removes c and adds e.
        let (f, c) = conflict(.union, base: .set("a", "b", "c"), sf: .set("a", "c", "d"), sfAt: 0,
                              hs: .set("a", "b", "e"), hsAt: 0)
        #expect(f.value == .set("a", "d", "e"))
        #expect(c?.winner == nil, "the merge is neither side's value")
    }

    @Test func unionLetsAnAddBeatAConcurrentRemove() {
        let (f, _) = conflict(.union, base: .set("a"), sf: .set("a", "b"), sfAt: 0, hs: .set("b"), hsAt: 0)
        #expect(f.value == .set("b"), "HubSpot removed a; both added b")
        let (g, _) = conflict(.union, base: .set("a"), sf: .set("x"), sfAt: 0, hs: .set("a", "x"), hsAt: 0)
        #expect(g.value == .set("x"))
    }

    @Test func manualKeepsTheValueOpensAConflictAndPushesNothing() {
        let r = RecordResolver(context: F.context(.manual))
        let start = F.synced(["amount": .d(100)], resolver: r)
        let a = r.apply(fields: ["amount": .d(120)], from: F.sf, stamp: F.at(10), to: start)
        let b = r.apply(fields: ["amount": .d(150)], from: F.hs, stamp: F.at(20), to: a.state)
        let conflict = try! #require(b.conflicts.first)
        #expect(conflict.isOpen && conflict.winner == nil)
        #expect(conflict.sides.map(\.value) == [.d(150), .d(120)])
        #expect(b.state.fields["amount"]?.value == .d(120), "the field keeps its current value")
        #expect(b.state.fields["amount"]?.isConflictOpen == true)
        #expect(b.pushes.isEmpty, "no side is overwritten before an admin decides")

        let fixed = r.resolveConflict(field: "amount", value: .d(150), at: F.at(30), in: b.state)
        #expect(fixed.closedConflicts == ["amount"])
        #expect(fixed.state.fields["amount"]?.isConflictOpen == false)
        #expect(fixed.state.fields["amount"]?.value == .d(150))
        #expect(fixed.pushes == [F.sf: ["amount"], F.hs: ["amount"], F.pd: ["amount"]])
        #expect(fixed.changedFields == ["amount"])
    }

    @Test func anAdminCanPickASide() {
        let r = RecordResolver(context: F.context(.manual))
        let start = F.synced(["stage": .enumeration("proposal")], resolver: r)
        var s = r.apply(fields: ["stage": .enumeration("negotiation")], from: F.sf, stamp: F.at(10), to: start).state
        s = r.apply(fields: ["stage": .enumeration("closed_lost")], from: F.pd, stamp: F.at(20), to: s).state
        let picked = try! #require(r.resolveConflict(field: "stage", pick: F.pd, at: F.at(30), in: s))
        #expect(picked.state.fields["stage"]?.value == .enumeration("closed_lost"))
        #expect(picked.state.fields["stage"]?.isConflictOpen == false)
        #expect(picked.alreadyHeld == [F.pd: ["stage"]], "Pipedrive already shows the picked value")
        #expect(r.resolveConflict(field: "stage", pick: F.hs, at: F.at(30), in: s) == nil, "HubSpot is not a side")
    }

    @Test func aThirdConcurrentEditJoinsTheSameConflict() {
        let r = RecordResolver(context: F.context(.max))
        let start = F.synced(["p": .d(10)], resolver: r)
        var s = r.apply(fields: ["p": .d(30)], from: F.sf, stamp: F.at(1), to: start).state
        s = r.apply(fields: ["p": .d(20)], from: F.hs, stamp: F.at(2), to: s).state
        let d = r.apply(fields: ["p": .d(25)], from: F.pd, stamp: F.at(3), to: s)
        #expect(d.conflicts.first?.sides.count == 3)
        #expect(d.state.fields["p"]?.value == .d(30))
        #expect(d.state.fields["p"]?.heads.count == 3)
    }

    @Test func policiesRoundTripThroughJSON() throws {
        let all: [ConflictPolicy] = [.prefer(order: ["local"], unlessBlank: true), .latest(skew: 300, order: ["hubspot"]),
                                     .max, .min, .union, .manual]
        for p in all {
            #expect(try JSONDecoder().decode(ConflictPolicy.self, from: JSONEncoder().encode(p)) == p)
        }
    }
}

extension PolicyTests {
    @Test func unionOfRemovalsIsNull() {
        let (f, _) = conflict(.union, base: .set("a", "b"), sf: .set("b"), sfAt: 0, hs: .set("a"), hsAt: 0)
        #expect(f.value == .null, "both removed one element each: nothing is left")
    }
}
