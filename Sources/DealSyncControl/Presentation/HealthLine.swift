/// The one-line output of `dealsyncctl health`, in the monitoring-plugin convention
/// (Nagios, Icinga, Sensu): `DEALSYNC <STATE> - <text>` and exit 0/1/2/3.
public enum HealthLine {
    /// The exit code when the daemon could not be asked at all.
    public static let unknownExitCode: Int32 = 3

    /// The line and exit code for a report. Warnings and criticals are listed worst first as
    /// `code: message`; an OK line shows the daemon's summary.
    public static func render(_ report: HealthReport) -> (line: String, exitCode: Int32) {
        let label = "DEALSYNC \(report.status.rawValue.uppercased()) - "
        let problems = report.conditions
            .filter { $0.severity >= .warning }
            .enumerated()
            .sorted { ($0.element.severity, $1.offset) > ($1.element.severity, $0.offset) }
            .map { describe($0.element) }
        var text = problems.isEmpty ? report.summary : problems.joined(separator: "; ")
        if text.isEmpty { text = "no conditions" }
        return (oneLine(label + text), report.status.exitCode)
    }

    /// The UNKNOWN line for when the daemon cannot be reached or answers with an error.
    public static func unknown(_ reason: String) -> (line: String, exitCode: Int32) {
        (oneLine("DEALSYNC UNKNOWN - " + reason), unknownExitCode)
    }

    private static func describe(_ c: HealthCondition) -> String {
        var scope = ""
        if let org = c.org { scope = org.rawValue + (c.source.map { "/" + $0.rawValue } ?? "") + " " }
        return "\(c.code): \(scope)\(c.message)"
    }

    /// Monitoring reads only the first line, so any newline in a message is flattened.
    private static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
