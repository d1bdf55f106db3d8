import DealSyncControl
import Testing

@Suite("dealsyncctl health output")
struct HealthLineTests {
    @Test("no conditions: OK with the daemon's summary, exit 0")
    func ok() {
        let (line, code) = HealthLine.render(HealthReport(summary: "3 sources syncing, queue 12", conditions: []))
        #expect(line == "DEALSYNC OK - 3 sources syncing, queue 12")
        #expect(code == 0)
    }

    @Test("info conditions do not degrade the status")
    func infoIsOK() {
        let report = HealthReport(summary: "2 sources", conditions: [
            HealthCondition(code: "source.paused", severity: .info, message: "paused", org: OrgID("acme"), source: SourceID("sf")),
        ])
        #expect(report.status == .ok)
        #expect(HealthLine.render(report) == ("DEALSYNC OK - 2 sources", 0))
    }

    @Test("a warning: WARNING, exit 1, the condition named with its scope")
    func warning() {
        let report = HealthReport(summary: "ignored", conditions: [
            HealthCondition(code: "queue.stalled", severity: .warning, message: "no job taken for 5m", org: OrgID("acme")),
        ])
        let (line, code) = HealthLine.render(report)
        #expect(line == "DEALSYNC WARNING - queue.stalled: acme no job taken for 5m")
        #expect(code == 1)
    }

    @Test("critical wins and is listed first; info is left out; exit 2")
    func critical() {
        let report = HealthReport(summary: "x", conditions: [
            HealthCondition(code: "mailbox.silent", severity: .warning, message: "quiet for 2h"),
            HealthCondition(code: "source.paused", severity: .info, message: "paused"),
            HealthCondition(code: "source.auth_failed", severity: .critical, message: "token refused",
                            org: OrgID("acme"), source: SourceID("hubspot")),
        ])
        let (line, code) = HealthLine.render(report)
        #expect(line == "DEALSYNC CRITICAL - source.auth_failed: acme/hubspot token refused; mailbox.silent: quiet for 2h")
        #expect(code == 2)
    }

    @Test("the output is always exactly one line")
    func oneLine() {
        let report = HealthReport(summary: "", conditions: [
            HealthCondition(code: "store.readonly", severity: .critical, message: "disk full\nretrying"),
        ])
        let (line, _) = HealthLine.render(report)
        #expect(!line.contains("\n"))
        #expect(line == "DEALSYNC CRITICAL - store.readonly: disk full retrying")
    }

    @Test("an unreachable daemon is UNKNOWN, exit 3")
    func unknown() {
        let (line, code) = HealthLine.unknown("cannot reach dealsyncd: no socket")
        #expect(line == "DEALSYNC UNKNOWN - cannot reach dealsyncd: no socket")
        #expect(code == 3)
    }

    @Test("the status on the wire is derived from the conditions")
    func wireStatus() throws {
        let report = HealthReport(summary: "s", conditions: [HealthCondition(code: "c", severity: .warning, message: "m")])
        let value = try ControlCodec.value(of: report)
        #expect(value["status"] == "warning")
        #expect(try ControlCodec.decode(HealthReport.self, from: value) == report)
    }
}
