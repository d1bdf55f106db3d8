import DealSyncCore
import Foundation
import Testing

@testable import DealSyncDaemon

@Suite("Catch-up gate")
struct CatchUpGateTests {
    @Test("opens after every source completed a pull that started after all had backfilled")
    func twoRounds() {
        let progress = SourceProgress()
        let a = SourceRef(org: OrgID("acme"), source: SourceID("a")), b = SourceRef(org: OrgID("acme"), source: SourceID("b"))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let gate = CatchUpGate(sources: [a, b], progress: progress, startedAt: t0)
        #expect(gate.caughtUpAt(now: t0) == nil)
        progress.succeeded(a, passStarted: t0, at: t0 + 5)
        #expect(gate.caughtUpAt(now: t0 + 5) == nil, "b has not backfilled")
        progress.succeeded(b, passStarted: t0, at: t0 + 8)
        #expect(gate.caughtUpAt(now: t0 + 8) == nil, "backfilled, but the backfill's echoes are not read yet")
        progress.succeeded(a, passStarted: t0 + 10, at: t0 + 11)
        #expect(gate.caughtUpAt(now: t0 + 11) == nil)
        progress.succeeded(b, passStarted: t0 + 12, at: t0 + 13)
        #expect(gate.caughtUpAt(now: t0 + 13) == t0 + 13)
        #expect(!gate.isNews(enqueuedAt: t0 + 9, now: t0 + 14) && gate.isNews(enqueuedAt: t0 + 14, now: t0 + 14))
        progress.succeeded(a, passStarted: t0 + 20, at: t0 + 21)
        #expect(gate.caughtUpAt(now: t0 + 21) == t0 + 13, "once open it stays open")
    }

    @Test("a source that never completes a pull does not silence the org for good")
    func patience() {
        let progress = SourceProgress()
        let a = SourceRef(org: OrgID("acme"), source: SourceID("a"))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let gate = CatchUpGate(sources: [a], progress: progress, startedAt: t0, patience: 900)
        #expect(gate.caughtUpAt(now: t0 + 899) == nil)
        #expect(gate.caughtUpAt(now: t0 + 901) == t0 + 900)
        #expect(gate.isNews(enqueuedAt: t0 + 950, now: t0 + 950) && !gate.isNews(enqueuedAt: t0 + 10, now: t0 + 950))
    }
}
