import ArgumentParser
import DealSyncDaemon
import Foundation

/// `dealsyncd`: runs the service by default; `check-config` validates a file.
struct DealsyncdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealsyncd",
        abstract: "Keeps a sales team's CRMs and mailboxes in agreement.",
        version: "dealsyncd \(DaemonVersion.current)",
        subcommands: [RunCommand.self, CheckConfigCommand.self, PredictCommand.self, RedactCommand.self, EnrichSubcommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// Resolves a command-line path against the working directory, as shells users expect.
func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the service in the foreground (the default command).")

    @Option(help: "Configuration file.")
    var config = "/etc/dealsync/dealsync.yaml"

    @Option(help: "Override state_dir from the file.")
    var stateDir: String?

    @Option(help: "Override control_socket from the file.")
    var controlSocket: String?

    @Option(help: "Override http_listen from the file (HOST:PORT).")
    var httpListen: String?

    @Flag(help: "Demo: start the sandbox emulators in-process and sync them (config and store go in --state-dir or a new temp folder).")
    var sandbox = false

    func run() async throws {
        var overrides = ConfigOverrides(stateDir: stateDir.map(absolutePath), controlSocket: controlSocket.map(absolutePath))
        if let httpListen {
            switch ListenAddress.parse(httpListen) {
            case .success(let address): overrides.httpListen = address
            case .failure(let error):
                FileHandle.standardError.write(Data("--http-listen: \(error.message)\n".utf8))
                throw ExitCode(DaemonEntry.exitConfig)
            }
        }
        // Absolute, so a reload finds the same file whatever the working directory is by then.
        let status = sandbox
            ? await DaemonEntry.runSandbox(overrides: overrides)
            : await DaemonEntry.runService(path: absolutePath(config), overrides: overrides)
        if status != 0 { throw ExitCode(status) }
    }
}

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and every credential it names; exit 78 if invalid.")

    @Option(help: "Configuration file.")
    var config = "/etc/dealsync/dealsync.yaml"

    func run() throws {
        let status = DaemonEntry.checkConfig(path: config)
        if status != 0 { throw ExitCode(status) }
    }
}

extension DealsyncdCommand {
    /// Runs the command line. Called from an `async` function so overload resolution picks
    /// ArgumentParser's async `main()`; top-level code in main.swift picks the synchronous one,
    /// which refuses async commands.
    static func start() async {
        await main(nil)
    }
}
