import ArgumentParser
import DealSyncControl

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hook output held for a person: low-confidence scores, write-backs the evaluator blocked.",
        subcommands: [List.self, Approve.self, Reject.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pending reviews with the edits they hold.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this org.") var org: String?
        @Option(help: "At most this many.") var limit: Int?
        @Flag(help: "Decided reviews too.") var all = false

        func run() throws {
            try perform(ReviewListCommand(org: org.map(OrgID.init), limit: limit, all: all), global) { ValueText.render($0) }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a review's held edits back to every CRM.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The review's id.") var id: String

        func run() throws {
            try perform(ReviewApproveCommand(review: id), global) { $0.message }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop a review's held edits.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The review's id.") var id: String

        func run() throws {
            try perform(ReviewRejectCommand(review: id), global) { $0.message }
        }
    }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a deal now and show why: features, contributions, risks, next actions.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "ORG/DEAL: the deal's DealSync id or exact name.") var target: String

    func validate() throws {
        guard let slash = target.firstIndex(of: "/"), slash != target.startIndex, target.index(after: slash) != target.endIndex
        else { throw ValidationError("expected ORG/DEAL, e.g. acme/0190f5c2-… or \"acme/Big renewal\"") }
    }

    func run() throws {
        let slash = target.firstIndex(of: "/")!
        let command = ScoreCommand(org: OrgID(String(target[..<slash])), deal: String(target[target.index(after: slash)...]))
        try perform(command, global) { ScoreText.render($0) }
    }
}
