import ArgumentParser
import DealSyncControl

struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue depth by source, object and priority; oldest job; rate budget; breakers.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this org.") var org: String?
    @Option(help: "Only this source (with --org).") var source: String?

    func run() throws {
        try perform(QueueCommand(org: org.map(OrgID.init), source: source.map(SourceID.init)), global) {
            ValueText.render($0)
        }
    }
}

struct DeadLetter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letter",
        abstract: "Jobs that ran out of retries or failed validation.",
        subcommands: [List.self, Retry.self, Drop.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters with their last error.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this org.") var org: String?
        @Option(help: "Only this source.") var source: String?
        @Option(help: "At most this many.") var limit: Int?

        func run() throws {
            let command = DeadLetterListCommand(org: org.map(OrgID.init), source: source.map(SourceID.init), limit: limit)
            try perform(command, global) { ValueText.render($0) }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put one dead letter, or all, back on the queue.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The dead letter's id.") var id: String?
        @Flag(help: "Retry every dead letter (of --org, if given).") var all = false
        @Option(help: "With --all: only this org.") var org: String?

        func validate() throws {
            guard (id == nil) == all else { throw ValidationError("give a dead-letter ID or --all, not both") }
            if org != nil && !all { throw ValidationError("--org only applies with --all") }
        }

        func run() throws {
            let command = all ? DeadLetterRetryCommand(allIn: org.map(OrgID.init)) : DeadLetterRetryCommand(deadLetter: id!)
            try perform(command, global) { $0.message }
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one dead letter for good.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The dead letter's id.") var id: String

        func run() throws {
            try perform(DeadLetterDropCommand(deadLetter: id), global) { $0.message }
        }
    }
}
