import ArgumentParser
import DealSyncDaemon

/// `dealsyncd enrich FILE.eml [--json]`: the admin's view of how one message is parsed and
/// enriched, offline (no config, no store).
struct EnrichSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich", abstract: "Parse and enrich one message file offline and print the result.")

    @Argument(help: "An RFC 5322 message file (.eml).")
    var file: String

    @Flag(help: "Print one JSON document.")
    var json = false

    @Option(name: .customLong("competitor"), help: "A competitor name to look for (repeatable).")
    var competitors: [String] = []

    @Option(name: .customLong("internal-domain"), help: "One of the org's own mail domains (repeatable).")
    var internalDomains: [String] = []

    func run() throws {
        let status = EnrichCommand.run(path: absolutePath(file), json: json, competitors: competitors, internalDomains: internalDomains)
        if status != 0 { throw ExitCode(status) }
    }
}
