import DealSyncControl
import DealSyncCore
import DealSyncQueue
import DealSyncStore
import Foundation

extension SyncCommands {
    /// `queue`: per org a summary (pending, in flight, dead letters, oldest job age); per source
    /// whether its worker is paused (credentials refused, or an admin) and why, its budget left
    /// (burst window and daily quota, and our share of it), breaker state and any 429 pause
    /// from the running worker; and the depth per
    /// (org, source, object, priority). Flat rows, so `dealsyncctl` prints tables.
    func queue(_ command: QueueCommand) async throws -> ControlValue {
        if command.source != nil && command.org == nil {
            throw ControlError.badRequest("\(QueueCommand.name): 'source' needs 'org'")
        }
        var summaries: [ControlValue] = []
        var depths: [ControlValue] = []
        var sources: [ControlValue] = []
        for org in try orgs(command.org) {
            let source = command.source
            let (rows, deadLetters, stored, now) = try await store.org(org).read { tx in
                (try tx.queueDepth().filter { source == nil || $0.source == source },
                 try source.map { try tx.deadLetters(source: $0, limit: Int.max).count } ?? tx.deadLetterCount(),
                 try tx.sources().filter { source == nil || $0.id == source }, tx.now)
            }
            if let source, !stored.contains(where: { $0.id == source }) {
                throw ControlError.notFound("no source \(org)/\(source)")
            }
            let running = await workers()
            sources += stored.map { s in
                var row: [String: ControlValue] = [
                    "org": .string(org.rawValue), "source": .string(s.id.rawValue), "kind": .string(s.kind),
                    "paused": .bool(s.paused), "pause_reason": s.pauseReason.map { .string($0) } ?? .null,
                ]
                // Budget and breaker live in the worker; a source without one (mail, or not running) shows none.
                if let w = running[SourceRef(org: org, source: s.id)] {
                    row["burst_left"] = .string("\(w.burstAvailable)/\(w.burstLimit) per \(Self.window(w.burstWindow))")
                    row["daily_left"] = w.dailyRemaining.map { .int(Int64($0)) } ?? .null
                    row["daily_share_left"] = w.dailyShareLeft.map { .int(Int64($0)) } ?? .null
                    row["breaker"] = .string(w.breaker)
                    row["throttled_until"] = w.pausedUntil.map { Self.iso($0) } ?? .null
                    row["batches_in_flight"] = .int(Int64(w.batchesInFlight))
                }
                return .object(row)
            }
            let oldest = rows.map(\.oldestEnqueuedAt).min()
            summaries.append([
                "org": .string(org.rawValue),
                "pending": .int(Int64(rows.reduce(0) { $0 + $1.pending })),
                "ready": .int(Int64(rows.reduce(0) { $0 + $1.ready })),
                "inflight": .int(Int64(rows.reduce(0) { $0 + $1.inflight })),
                "dead_letters": .int(Int64(deadLetters)),
                "oldest_age_s": oldest.map { Self.seconds(now.timeIntervalSince($0)) } ?? .null,
            ])
            depths += rows.map { row in
                [
                    "org": .string(org.rawValue), "source": .string(row.source.rawValue), "object": .string(row.object),
                    "priority": .string(QueueMetrics.name(row.priority)),
                    "pending": .int(Int64(row.pending)), "ready": .int(Int64(row.ready)),
                    "inflight": .int(Int64(row.inflight)),
                    "oldest_age_s": Self.seconds(now.timeIntervalSince(row.oldestEnqueuedAt)),
                ]
            }
        }
        return ["orgs": .array(summaries), "sources": .array(sources), "depth": .array(depths)]
    }

    /// `dead-letter.list`: oldest first across the orgs covered, with the last error. Field
    /// names only, never values: a payload may hold PII.
    func listDeadLetters(_ command: DeadLetterListCommand) async throws -> ControlValue {
        let limit = command.limit ?? 100
        guard limit > 0 else { throw ControlError.badRequest("\(DeadLetterListCommand.name): 'limit' must be positive") }
        var rows: [ControlValue] = []
        for org in try orgs(command.org) where rows.count < limit {
            let source = command.source, remaining = limit - rows.count
            let letters = try await store.org(org).read { tx in try tx.deadLetters(source: source, limit: remaining) }
            rows += letters.map { letter in
                [
                    "id": .int(letter.id), "org": .string(org.rawValue), "source": .string(letter.source.rawValue),
                    "kind": .string(letter.kind.rawValue), "object": .string(letter.object),
                    "record": letter.record.map { .string($0.description) } ?? .null,
                    "priority": .string(QueueMetrics.name(letter.priority)),
                    "attempts": .int(Int64(letter.attempts)), "failed_at": Self.iso(letter.failedAt),
                    "fields": .string(letter.payload.fields.keys.sorted().joined(separator: ",")),
                    "last_error": .string(letter.lastError),
                ]
            }
        }
        return ["dead_letters": .array(rows)]
    }

    /// `dead-letter.retry`: back on the queue as a fresh pending job, attempts reset, ready now.
    func retryDeadLetters(_ command: DeadLetterRetryCommand) async throws -> ControlAck {
        if command.all == true {
            var total = 0
            var byOrg: [String: ControlValue] = [:]
            for org in try orgs(command.org) {
                let count = try await DurableQueue(store: store.org(org)).retryAllDeadLetters()
                total += count
                if count > 0 { byOrg[org.rawValue] = .int(Int64(count)) }
            }
            return ControlAck("\(total) dead letter\(total == 1 ? "" : "s") back on the queue",
                              details: ["retried": .int(Int64(total)), "orgs": .object(byOrg)])
        }
        let id = try Self.rowID(command.deadLetter ?? "", of: "dead-letter")
        guard let (org, letter) = try await locate(id, { tx in try tx.deadLetter(id) }) else {
            throw ControlError.notFound("no dead letter \(id)")
        }
        // Another admin may have retried or dropped it since `locate`: nil then.
        guard let job = try await DurableQueue(store: store.org(org)).retryDeadLetter(id) else {
            throw ControlError.notFound("no dead letter \(id)")
        }
        let merged = job.coalesced ? " (merged into a pending push of the same record)" : ""
        return ControlAck(
            "dead letter \(id) back on the queue as job \(job.id): \(org)/\(letter.source) \(letter.object) \(letter.kind.rawValue)\(merged)",
            details: ["org": .string(org.rawValue), "job": .int(job.id.rawValue), "coalesced": .bool(job.coalesced)])
    }

    /// `dead-letter.drop`: gone for good; the change it carried is not written anywhere.
    func dropDeadLetter(_ command: DeadLetterDropCommand) async throws -> ControlAck {
        let id = try Self.rowID(command.deadLetter, of: "dead-letter")
        guard let (org, letter) = try await locate(id, { tx in try tx.deadLetter(id) }),
              try await DurableQueue(store: store.org(org)).dropDeadLetter(id) else {
            throw ControlError.notFound("no dead letter \(id)")
        }
        return ControlAck("dead letter \(id) dropped: \(org)/\(letter.source) \(letter.object) \(letter.kind.rawValue)",
                          details: ["org": .string(org.rawValue)])
    }
}

extension SyncCommands {
    /// `10s`, `2s`, `500ms`.
    static func window(_ seconds: TimeInterval) -> String {
        seconds >= 1 && seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(Int((seconds * 1000).rounded()))ms"
    }
}
