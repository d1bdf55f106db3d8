import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Foundation

/// One benchmark run: a fresh store file, `jobs` push requests enqueued in transactions of
/// `enqueueBatch`, then drained by claim + ack in batches of the source's size until empty.
struct Scenario: Sendable {
    var name: String
    var source: SourceID
    var limits: BatchLimits
    /// Distinct records the pushes target: `jobs` for no coalescing, a few for heavy coalescing.
    var records: Int
}

struct ScenarioResult: Sendable {
    var scenario: Scenario
    var requests: Int
    /// Jobs that reached the source after coalescing (rows claimed and acknowledged).
    var delivered: Int
    var enqueueSeconds: Double
    var drainSeconds: Double
    var enqueueIO: IOCounters?
    var drainIO: IOCounters?
    var pageSize: Int
    var fileBytes: Int64
}

enum ScenarioError: Error, CustomStringConvertible {
    case notDrained(pending: Int)
    case ackMismatch(claimed: Int, acked: Int)

    var description: String {
        switch self {
        case .notDrained(let pending): "queue not empty after drain: \(pending) pending"
        case .ackMismatch(let claimed, let acked): "claimed \(claimed) jobs but only \(acked) were acknowledged"
        }
    }
}

extension Scenario {
    func run(jobs: Int, enqueueBatch: Int, in directory: URL) async throws -> ScenarioResult {
        let path = directory.appendingPathComponent("\(source.rawValue)-\(records).sqlite").path
        let store = try Store.open(path: path)
        let org = store.org(OrgID("bench"))
        let queue = DurableQueue(store: org)
        let targets = (0..<max(1, records)).map { _ in RecordID.make() }

        // Warm-up outside the timed window: the org row, the statement cache and the file.
        try await org.write { tx in _ = try tx.enqueue(.push(RecordID.make(), to: SourceID("warmup"), object: "deal", fields: [:])) }

        let enqueueStart = IOCounters.now()
        let clock = ContinuousClock()
        let enqueueTime = try await clock.measure {
            var next = 0
            while next < jobs {
                let range = next..<min(jobs, next + enqueueBatch)
                let source = source
                try await org.write { tx in
                    for i in range {
                        let fields: [String: FieldValue] = [
                            "name": .string("Deal \(i)"), "stage": .enumeration("qualified"),
                            "amount": .decimal(Decimal(1000 + i)),
                        ]
                        try tx.enqueue(.push(targets[i % targets.count], to: source, object: "deal", fields: fields))
                    }
                }
                next = range.upperBound
            }
        }
        let enqueueEnd = IOCounters.now()

        var delivered = 0
        let drainTime = try await clock.measure {
            while true {
                let batch = try await queue.claim(source: source, limits: limits)
                if batch.isEmpty { break }
                let acked = try await queue.ack(batch.map(\.id))
                guard acked == batch.count else { throw ScenarioError.ackMismatch(claimed: batch.count, acked: acked) }
                delivered += acked
            }
        }
        let drainEnd = IOCounters.now()

        let left = try await queue.stats().depths.filter { $0.source == source }.reduce(0) { $0 + $1.pending + $1.inflight }
        guard left == 0 else { throw ScenarioError.notDrained(pending: left) }
        let fileBytes = fileSize(path) + fileSize(path + "-wal")
        try store.close()

        return ScenarioResult(
            scenario: self, requests: jobs, delivered: delivered,
            enqueueSeconds: enqueueTime.seconds, drainSeconds: drainTime.seconds,
            enqueueIO: enqueueStart.flatMap { start in enqueueEnd.map { $0 - start } },
            drainIO: enqueueEnd.flatMap { start in drainEnd.map { $0 - start } },
            pageSize: sqlitePageSize(path: path) ?? 4096, fileBytes: fileBytes)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
