import ArgumentParser
import DealSyncControl

struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Conflicts parked for an admin by a manual policy.",
        subcommands: [List.self, Resolve.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open conflicts with both sides.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this org.") var org: String?
        @Option(help: "At most this many.") var limit: Int?

        func run() throws {
            try perform(ConflictsListCommand(org: org.map(OrgID.init), limit: limit), global) { ValueText.render($0) }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settle a conflict: keep one source's side, or set a value.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The conflict's id.") var id: String
        @Option(help: "Keep the value this source holds.") var pick: String?
        @Option(help: "Set this value (in the field's text form).") var value: String?

        func validate() throws {
            guard (pick == nil) != (value == nil) else { throw ValidationError("give exactly one of --pick or --value") }
        }

        func run() throws {
            let command = pick.map { ConflictsResolveCommand(conflict: id, pick: SourceID($0)) }
                ?? ConflictsResolveCommand(conflict: id, value: value!)
            try perform(command, global) { $0.message }
        }
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The tamper-evident audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the audit log's hash chain.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this org.") var org: String?

        func run() throws {
            let result = try perform(AuditVerifyCommand(org: org.map(OrgID.init)), global) { ValueText.render($0) }
            // A broken chain is a finding, not a successful check: scripts must see it in the exit code.
            if result["ok"]?.boolValue == false || result["valid"]?.boolValue == false { throw Exit.failed }
        }
    }
}
