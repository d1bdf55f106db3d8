import ArgumentParser
import DealSyncControl

/// `ORG/SOURCE` on the command line, e.g. `acme/hubspot-main`.
struct SourceArgument: ExpressibleByArgument {
    let org: OrgID
    let source: SourceID

    init?(argument: String) {
        let parts = argument.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains("/") else { return nil }
        org = OrgID(String(parts[0]))
        source = SourceID(String(parts[1]))
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop syncing one source; its queued work waits.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The source.", valueName: "org/source")) var target: SourceArgument

    func run() throws {
        try perform(PauseCommand(org: target.org, source: target.source), global) { $0.message }
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Resume syncing a paused source.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The source.", valueName: "org/source")) var target: SourceArgument

    func run() throws {
        try perform(ResumeCommand(org: target.org, source: target.source), global) { $0.message }
    }
}

extension RecordKind: ExpressibleByArgument {}

struct Resync: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-read a source (one object or all) and re-resolve it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The source.", valueName: "org/source")) var target: SourceArgument
    @Option(help: "Only this object: deal, contact, company or activity.") var object: RecordKind?

    func run() throws {
        try perform(ResyncCommand(org: target.org, source: target.source, object: object), global) { $0.message }
    }
}
