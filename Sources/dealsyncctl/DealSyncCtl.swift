import ArgumentParser
import DealSyncControl

/// `dealsyncctl`: the admin client of dealsyncd's control socket. It never opens the store; it
/// asks the daemon (STYLE: open the SQLite file once per process).
@main
struct DealSyncCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealsyncctl",
        abstract: "Administer a running dealsyncd over its control socket.",
        discussion: """
            Exit status: 0 success; 1 the daemon refused or failed the command; 64 bad usage; \
            69 the daemon cannot be reached. `health` follows the monitoring-plugin convention: \
            0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
            """,
        subcommands: [
            Status.self, Sources.self, Version.self, Health.self,
            Pause.self, Resume.self, Resync.self, Reload.self,
            Queue.self, DeadLetter.self, Conflicts.self, Review.self, Score.self, Audit.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}
