import ArgumentParser
import DealSyncControl
import Foundation

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Service state, uptime, sources and health conditions.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this org.") var org: String?

    func run() throws {
        try perform(StatusCommand(org: org.map(OrgID.init)), global) { StatusText.render($0) }
    }
}

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Configured sources with state, last success, lag and cursors.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this org.") var org: String?

    func run() throws {
        try perform(SourcesCommand(org: org.map(OrgID.init)), global) { StatusText.render($0) }
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The running daemon's version.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform(VersionCommand(), global) { "\($0.name) \($0.version)" }
    }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reload config and mappings, as SIGHUP does; a bad new config keeps the old one.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform(ReloadCommand(), global) { $0.message }
    }
}

struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One monitoring-plugin line: DEALSYNC OK|WARNING|CRITICAL|UNKNOWN - …; exit 0, 1, 2 or 3.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let reply: ControlReply
        do {
            reply = try global.client.reply(to: HealthCommand())
        } catch {
            try finish(HealthLine.unknown("cannot reach dealsyncd: \(error)"), json: nil)
        }
        switch reply.outcome {
        case .failure(let error):
            try finish(HealthLine.unknown("dealsyncd answered \(error.code): \(error.message)"), json: reply)
        case .success:
            guard let report = try? reply.result(as: HealthReport.self) else {
                try finish(HealthLine.unknown("dealsyncd sent an unreadable health report"), json: reply)
            }
            try finish(HealthLine.render(report), json: reply)
        }
    }

    /// Prints the line (or, with `--json`, the reply when there is one) and exits with the
    /// plugin code. Monitoring reads stdout, so even UNKNOWN goes there.
    private func finish(_ outcome: (line: String, exitCode: Int32), json reply: ControlReply?) throws -> Never {
        if global.json, let reply, let text = try? ControlCodec.text(reply) {
            print(text)
        } else {
            print(outcome.line)
        }
        throw ExitCode(outcome.exitCode)
    }
}
