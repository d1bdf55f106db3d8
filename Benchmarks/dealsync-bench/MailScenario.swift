import DealSyncDaemon
import DealSyncHooks
import DealSyncMail
import Foundation

/// Messages parsed and enriched per second, as the mailbox service and `dealsyncd enrich` do it
/// (MIME parse, reply/signature split, participants, signature facts, sentiment, action items),
/// over the mail test corpus: ordinary threads and the malformed and hostile ones alike.
struct MailScenario: Sendable {
    var messages = 2000

    func run() throws -> String {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tests/DealSyncMailTests/Fixtures").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }.sorted { $0.path < $1.path }
        let bodies = try files.map { [UInt8](try Data(contentsOf: $0)) }
        guard !bodies.isEmpty else { throw CocoaError(.fileNoSuchFile) }
        let parser = MessageParser()
        let enricher = EmailEnricher(config: EnrichmentConfig(competitors: ["Globex", "Initech"]))
        let clock = ContinuousClock()
        // Hostile messages (parse flags raised) are timed apart: they are rare in a real mailbox
        // and would otherwise hide what an ordinary thread costs.
        var ordinary: [Double] = [], hostile: [Double] = []
        var bytes = 0
        for n in 0..<messages {
            let body = bodies[n % bodies.count]
            let start = clock.now
            let message = parser.parse(body)
            _ = enricher.enrich(EmailFacts(message))
            let seconds = (clock.now - start).seconds
            if message.flags.isEmpty { ordinary.append(seconds) } else { hostile.append(seconds) }
            bytes += body.count
        }
        func line(_ name: String, _ samples: [Double]) -> String {
            guard !samples.isEmpty else { return "  \(name): none" }
            let sorted = samples.sorted()
            return String(format: "  %@: %d messages, %.0f messages/s; median %.0f µs, p99 %.0f µs", name, sorted.count,
                          Double(sorted.count) / sorted.reduce(0, +), sorted[sorted.count / 2] * 1e6,
                          sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6)
        }
        let all = ordinary + hostile
        return [
            String(format: "mail: %d corpus files (%.1f KiB on average), %d messages parsed and enriched, %.0f messages/s overall",
                   bodies.count, Double(bytes) / Double(messages) / 1024, messages, Double(all.count) / all.reduce(0, +)),
            line("ordinary", ordinary), line("malformed or hostile (flagged)", hostile),
        ].joined(separator: "\n")
    }
}
