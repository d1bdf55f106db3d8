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
        let gate = CatchUpGate(sources: [a, b], progress: progress)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(gate.caughtUpAt() == nil)
        progress.succeeded(a, passStarted: t0, at: t0 + 5)
        #expect(gate.caughtUpAt() == nil, "b has not backfilled")
        progress.succeeded(b, passStarted: t0, at: t0 + 8)
        #expect(gate.caughtUpAt() == nil, "backfilled, but the backfill's echoes are not read yet")
        progress.succeeded(a, passStarted: t0 + 10, at: t0 + 11)
        #expect(gate.caughtUpAt() == nil)
        progress.succeeded(b, passStarted: t0 + 12, at: t0 + 13)
        #expect(gate.caughtUpAt() == t0 + 13)
        #expect(!gate.isNews(enqueuedAt: t0 + 9) && gate.isNews(enqueuedAt: t0 + 14))
        progress.succeeded(a, passStarted: t0 + 20, at: t0 + 21)
        #expect(gate.caughtUpAt() == t0 + 13, "once open it stays open")
    }
}
