import Foundation

/// Human-readable `status` and `sources` output for `dealsyncctl`.
public enum StatusText {
    public static func render(_ report: StatusReport, now: Date = Date()) -> String {
        var lines = [
            "dealsyncd \(report.version): \(report.state.rawValue), up \(DurationText.render(seconds: report.uptimeSeconds))"
                + (report.pid.map { ", pid \($0)" } ?? ""),
            "config: \(report.configPath ?? "-")",
            "",
        ]
        if report.sources.isEmpty {
            lines.append("no sources configured")
        } else {
            lines.append(sourcesTable(report.sources, now: now))
        }
        lines.append("")
        lines.append(conditionsText(report.conditions))
        return lines.joined(separator: "\n")
    }

    public static func render(_ report: SourcesReport, now: Date = Date()) -> String {
        report.sources.isEmpty ? "no sources configured" : sourcesTable(report.sources, now: now)
    }

    public static func sourcesTable(_ sources: [SourceStatus], now: Date) -> String {
        let rows = sources.sorted { ($0.org, $0.source) < ($1.org, $1.source) }.map { s in
            [
                "\(s.org)/\(s.source)",
                s.kind,
                s.paused ? "paused" : (s.lastError == nil ? "syncing" : "failing"),
                DurationText.age(of: s.lastSuccess, now: now),
                s.lagSeconds.map { DurationText.render(seconds: $0) } ?? "-",
                s.cursors.isEmpty ? "-" : s.cursors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            ]
        }
        return TextTable(headers: ["SOURCE", "KIND", "STATE", "LAST SUCCESS", "LAG", "CURSORS"], rows: rows).render()
    }

    public static func conditionsText(_ conditions: [HealthCondition]) -> String {
        guard !conditions.isEmpty else { return "health: ok, no conditions" }
        let rows = conditions.sorted { ($0.severity, $1.code) > ($1.severity, $0.code) }.map { c in
            [c.severity.rawValue.uppercased(), c.code, [c.org?.rawValue, c.source?.rawValue].compactMap { $0 }.joined(separator: "/"), c.message]
        }
        return "health: \(HealthStatus(worstOf: conditions).rawValue)\n"
            + TextTable(headers: ["SEVERITY", "CODE", "SCOPE", "MESSAGE"], rows: rows).render()
    }
}
