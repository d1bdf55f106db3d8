import DealSyncControl
import Foundation
import Testing

@Suite("Human-readable output")
struct PresentationTests {
    @Test("tables align columns with two spaces")
    func table() {
        let text = TextTable(headers: ["A", "LONGER"], rows: [["xyz", "1"], ["q", "22"]]).render()
        #expect(text == "A    LONGER\nxyz  1\nq    22")
    }

    @Test("durations read compactly")
    func durations() {
        #expect(DurationText.render(seconds: 45) == "45s")
        #expect(DurationText.render(seconds: 192) == "3m12s")
        #expect(DurationText.render(seconds: 7500) == "2h05m")
        #expect(DurationText.render(seconds: 3 * 86_400 + 4 * 3_600) == "3d04h")
        let now = Date(timeIntervalSince1970: 1000)
        #expect(DurationText.age(of: Date(timeIntervalSince1970: 988), now: now) == "12s ago")
        #expect(DurationText.age(of: nil, now: now) == "-")
    }

    @Test("lists of objects become tables; objects become key lines")
    func genericValues() {
        let list: ControlValue = [["id": 1, "error": "HTTP 400"], ["id": 2, "error": nil]]
        #expect(ValueText.render(list) == "ERROR     ID\nHTTP 400  1\n-         2")
        let object: ControlValue = ["depth": 12, "sources": [["source": "sf", "ready": 3]], "empty": []]
        #expect(ValueText.render(object) == "depth: 12\nempty: (none)\nsources:\n  READY  SOURCE\n  3      sf")
    }

    @Test("status shows each source's state, last success and lag")
    func status() {
        let now = Date(timeIntervalSince1970: 10_000)
        let report = StatusReport(
            version: "0.1.0", state: .ready, startedAt: now, uptimeSeconds: 3_700, configPath: "/etc/d.yaml", pid: 9,
            sources: [
                SourceStatus(org: OrgID("acme"), source: SourceID("sf"), kind: "salesforce", objects: [.deal],
                             lastSuccess: now.addingTimeInterval(-30), cursors: ["deal": "2026-01-01"], lagSeconds: 4),
                SourceStatus(org: OrgID("acme"), source: SourceID("hs"), kind: "hubspot", objects: [.deal], paused: true),
            ],
            conditions: [])
        let text = StatusText.render(report, now: now)
        #expect(text.hasPrefix("dealsyncd 0.1.0: ready, up 1h01m, pid 9\nconfig: /etc/d.yaml\n"))
        #expect(text.contains("acme/hs  hubspot     paused   -             -    -"))
        #expect(text.contains("acme/sf  salesforce  syncing  30s ago       4s   deal=2026-01-01"))
        #expect(text.hasSuffix("health: ok, no conditions"))
    }
}
