import DealSyncControl
import DealSyncCore
import Testing

@testable import DealSyncDaemon

@Suite("Health registry")
struct HealthRegistryTests {
    @Test("critical conditions make the service not ready; warnings do not")
    func readiness() {
        let health = HealthRegistry()
        #expect(health.snapshot().isReady)
        health.set(HealthCondition(.sourcePaused, .warning, "paused", org: OrgID("acme"), source: SourceID("hub")))
        #expect(health.snapshot().isReady)
        #expect(health.snapshot().worst == .warning)
        health.set(HealthCondition(.storeReadonly, .critical, "disk full"))
        #expect(!health.snapshot().isReady)
        #expect(health.snapshot().blocking.map(\.code) == ["store.readonly"])
        health.clear(.storeReadonly)
        #expect(health.snapshot().isReady)
    }

    @Test("setting a condition again replaces it and keeps when it was first raised")
    func replace() throws {
        let health = HealthRegistry()
        health.set(HealthCondition(.sourceAuthFailed, .warning, "first", org: OrgID("a"), source: SourceID("s")))
        let since = try #require(health.snapshot().conditions.first?.since)
        health.set(HealthCondition(.sourceAuthFailed, .critical, "second", org: OrgID("a"), source: SourceID("s")))
        health.set(HealthCondition(.sourceAuthFailed, .critical, "other source", org: OrgID("a"), source: SourceID("t")))
        let conditions = health.snapshot().conditions
        #expect(conditions.count == 2)
        let first = try #require(conditions.first { $0.source == SourceID("s") })
        #expect(first.message == "second")
        #expect(first.since == since)
        health.clearAll(.sourceAuthFailed)
        #expect(health.snapshot().conditions.isEmpty)
    }

    @Test("the status line leads with the worst condition")
    func statusLine() {
        let health = HealthRegistry()
        #expect(health.snapshot().statusLine(sources: 1) == "ready, 1 source")
        health.set(HealthCondition(.sourcePaused, .warning, "paused by uid 0", org: OrgID("acme"), source: SourceID("hub")))
        health.set(HealthCondition(.serviceStarting, .critical, "starting"))
        #expect(health.snapshot().statusLine(sources: 2) == "not ready; critical: service.starting: starting (+1 more)")
        health.clear(.serviceStarting)
        #expect(health.snapshot().statusLine(sources: 2) == "ready, 2 sources; warning: source.paused acme/hub: paused by uid 0")
    }

    @Test("watchers see the current snapshot, then each change")
    func changes() async {
        let health = HealthRegistry()
        var iterator = health.changes().makeAsyncIterator()
        #expect(await iterator.next()?.conditions.isEmpty == true)
        health.set(HealthCondition(.queueStalled, .warning, "no progress for 5m"))
        #expect(await iterator.next()?.conditions.map(\.code) == ["queue.stalled"])
    }
}
