import DealSyncCore
import DealSyncQueue
import Foundation

/// `dealsync-bench [--jobs N] [--records R] [--enqueue-batch B]`: queue throughput and write
/// amplification on a real SQLite file in a temporary directory. See Benchmarks/README.md.
@main
struct Bench {
    static func main() async {
        do {
            let options = try Options(CommandLine.arguments.dropFirst())
            try await run(options)
        } catch {
            FileHandle.standardError.write(Data("dealsync-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: Options) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dealsync-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let hubspot = SourceID("hubspot-bench"), salesforce = SourceID("salesforce-bench")
        let scenarios = [
            Scenario(name: "distinct, HubSpot 100", source: hubspot, limits: .hubspot, records: options.jobs),
            Scenario(name: "distinct, Salesforce 200", source: salesforce, limits: .salesforce, records: options.jobs),
            Scenario(name: "coalesced, HubSpot 100", source: hubspot, limits: .hubspot, records: options.records),
            Scenario(name: "coalesced, Salesforce 200", source: salesforce, limits: .salesforce, records: options.records),
        ]
        print("dealsync-bench: \(options.jobs) push requests per scenario, \(options.enqueueBatch) per enqueue transaction,")
        print("coalesced scenarios spread them over \(options.records) records; store in \(directory.path)\n")
        var results: [ScenarioResult] = []
        for scenario in scenarios {
            results.append(try await scenario.run(jobs: options.jobs, enqueueBatch: options.enqueueBatch, in: directory))
        }
        print(Report(results: results).render())
        print("\n" + (try await ScoringScenario().run(in: directory)))
        print("\n" + (try MailScenario().run()))
    }
}

struct Options: Sendable {
    var jobs = 20_000
    var records = 100
    var enqueueBatch = 100

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init<C: Collection>(_ arguments: C) throws where C.Element == String {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard ["--jobs", "--records", "--enqueue-batch"].contains(flag) else {
                throw UsageError(description: "unknown argument \(flag); usage: dealsync-bench [--jobs N] [--records R] [--enqueue-batch B]")
            }
            guard let text = iterator.next(), let value = Int(text), value > 0 else {
                throw UsageError(description: "\(flag) needs a positive integer")
            }
            switch flag {
            case "--jobs": jobs = value
            case "--records": records = value
            default: enqueueBatch = value
            }
        }
    }
}
