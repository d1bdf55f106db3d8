import DealSyncControl
import DealSyncCore
@testable import DealSyncDaemon
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// The sync part's control commands, called through the command table the control server
/// dispatches to, over a real store seeded through the store, queue and engine APIs.
@Suite("Sync control commands")
struct SyncCommandsTests {
    static let acme = OrgID("acme")
    static let sf = SourceID("sf-prod"), hs = SourceID("hs-prod"), pd = SourceID("pd-prod")

    /// Deals whose amount is parked for an admin on a conflict (`manual`), matched on name.
    static let dealYAML = """
        object: deal
        match_on: [name]
        fields:
          name:
            type: string
            policy: {prefer: [salesforce, hubspot, pipedrive], unless_blank: true}
            salesforce: Name
            hubspot: dealname
            pipedrive: title
          amount:
            type: money
            policy: manual
            salesforce: {field: Amount, currency_field: CurrencyIsoCode}
            hubspot: {field: amount, currency_field: deal_currency_code}
            pipedrive: {field: value, currency_field: currency}
        """

    struct Fixture {
        let temp: TemporaryStore
        let table: ControlCommandTable
        let engine: SyncEngine
        var org: OrgStore { temp.store.org(SyncCommandsTests.acme) }

        init() throws {
            temp = try TemporaryStore()
            let mappings = try MappingSet(objects: [ObjectMapping.parse(yaml: SyncCommandsTests.dealYAML, file: "deal.yaml")])
            let topology = SyncTopology(mappings: mappings, sources: [SyncCommandsTests.sf: .salesforce, SyncCommandsTests.hs: .hubspot, SyncCommandsTests.pd: .pipedrive])
            var table = ControlCommandTable()
            SyncCommands(store: temp.store, topology: { $0 == SyncCommandsTests.acme ? topology : nil }).register(into: &table)
            self.table = table
            engine = SyncEngine(store: temp.store.org(SyncCommandsTests.acme), mappings: mappings, sources: topology.sources,
                                orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
            // As the daemon does at start-up for every configured source.
            try temp.store.org(SyncCommandsTests.acme).write { tx in
                for (id, kind) in topology.sources { try tx.registerSource(id, kind: kind.rawValue) }
            }
        }

        func call<C: ControlCommand>(_ command: C) async throws -> C.Result {
            try ControlCodec.decode(C.Result.self, from: try await raw(C.name, try ControlRequest(id: 1, command).arguments))
        }

        func raw(_ name: String, _ arguments: [String: ControlValue]) async throws -> ControlValue {
            let entry = try #require(table.entry(named: name))
            return try await entry.handler(ControlRequest(id: 1, command: name, arguments: arguments),
                                           ControlCaller(uid: 1000, gid: 1000, pid: 4242))
        }

        /// The error a command ends with (nil if it succeeded).
        func failure<C: ControlCommand>(_ command: C) async -> ControlError? {
            do {
                _ = try await call(command)
                return nil
            } catch {
                return error as? ControlError ?? ControlError(.internal, "\(error)")
            }
        }

        /// One deal edited concurrently in Salesforce (100 USD) and HubSpot (250 USD): an open
        /// manual conflict on `amount`. Returns the record and the conflict's id.
        func seedConflict() async throws -> (RecordID, Int64) {
            let at = Date(timeIntervalSince1970: 1_790_000_000)
            _ = try await engine.ingest([RemoteRecord(kind: .deal, externalID: "006A", fields: [
                "Name": .string("Acme renewal"), "Amount": .number(100), "CurrencyIsoCode": .string("USD"),
            ], modifiedAt: at)], deletions: [], from: SyncCommandsTests.sf, kind: .deal, cursor: nil)
            let report = try await engine.ingest([RemoteRecord(kind: .deal, externalID: "17", fields: [
                "dealname": .string("Acme renewal"), "amount": .number(250), "deal_currency_code": .string("USD"),
            ], modifiedAt: at)], deletions: [], from: SyncCommandsTests.hs, kind: .deal, cursor: nil)
            #expect(report.matched == 1)
            let open = try await org.read { tx in try tx.conflicts(status: .open) }
            let conflict = try #require(open.first)
            #expect(open.count == 1 && conflict.field == "amount")
            return (conflict.record, conflict.id)
        }

        func pendingPush(to source: SourceID, of record: RecordID) throws -> Job? {
            try org.read { tx in try tx.jobs(source: source, state: .pending) }.first { $0.record == record && $0.kind == .push }
        }
    }

    static func usd(_ amount: Decimal) -> FieldValue { .money(Money(amount: amount, currency: "USD")) }

    @Test("queue reports depth per source, object and priority, in flight and the oldest age")
    func queueDepth() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let a = RecordID.make(), b = RecordID.make()
        try await f.org.write { tx in
            try tx.enqueue(.push(a, to: Self.hs, object: "deal", fields: ["amount": Self.usd(5)]))
            try tx.enqueue(.push(b, to: Self.hs, object: "deal", fields: ["amount": Self.usd(7)], priority: .highValue))
            try tx.enqueue(.push(a, to: Self.sf, object: "deal", fields: ["amount": Self.usd(5)]))
            try tx.enqueue(JobRequest(source: Self.sf, kind: .resync, object: "contact", priority: .adminResync, delay: 600))
            try tx.setPaused(Self.pd, reason: "auth: pipedrive.unauthorized")
        }
        let claimed = try await DurableQueue(store: f.org).claim(source: Self.sf, object: "deal", limits: .salesforce)
        #expect(claimed.count == 1)

        let result = try await f.call(QueueCommand())
        let summary = try #require(result["orgs"]?.arrayValue?.first)
        #expect(summary["org"] == "acme" && summary["pending"] == 3 && summary["inflight"] == 1 && summary["ready"] == 2)
        #expect(summary["dead_letters"] == 0 && summary["oldest_age_s"]?.intValue != nil)
        let rows = try #require(result["depth"]?.arrayValue)
        func row(_ source: SourceID, _ object: String, _ priority: String) -> ControlValue? {
            rows.first { $0["source"]?.stringValue == source.rawValue && $0["object"]?.stringValue == object
                && $0["priority"]?.stringValue == priority }
        }
        #expect(rows.count == 4)
        #expect(row(Self.hs, "deal", "high_value")?["pending"] == 1)
        #expect(row(Self.hs, "deal", "normal")?["ready"] == 1)
        #expect(row(Self.sf, "deal", "normal")?["inflight"] == 1)
        // Delayed ten minutes: pending, not ready.
        #expect(row(Self.sf, "contact", "admin_resync")?["pending"] == 1 && row(Self.sf, "contact", "admin_resync")?["ready"] == 0)

        let sources = try #require(result["sources"]?.arrayValue)
        #expect(sources.count == 3)
        #expect(sources.first { $0["source"] == "pd-prod" }?["pause_reason"] == "auth: pipedrive.unauthorized")
        #expect(sources.first { $0["source"] == "hs-prod" }?["paused"] == false)

        let onlyHubSpot = try await f.call(QueueCommand(org: Self.acme, source: Self.hs))
        #expect(onlyHubSpot["depth"]?.arrayValue?.count == 2 && onlyHubSpot["sources"]?.arrayValue?.count == 1)
        #expect(await f.failure(QueueCommand(org: Self.acme, source: SourceID("gone")))?.code == .notFound)
        #expect(await f.failure(QueueCommand(org: OrgID("globex")))?.code == .notFound)
        #expect(await f.failure(QueueCommand(source: Self.hs))?.code == .badRequest)
    }

    /// A push to Pipedrive that the API refused as invalid: dead-lettered at once.
    static func deadLetter(_ f: Fixture, record: RecordID, error: String) async throws -> Int64 {
        let queue = DurableQueue(store: f.org)
        try await f.org.write { tx in try tx.enqueue(.push(record, to: pd, object: "deal", fields: ["stage": .enumeration("won")])) }
        let jobs = try await queue.claim(source: pd, limits: .pipedrive)
        let outcomes = try await queue.fail(jobs, error: SyncError(.validation, code: "pipedrive.invalid", message: error))
        #expect(outcomes.values.allSatisfy { $0 == .deadLettered })
        return try #require(try await queue.deadLetters().last?.id)
    }

    @Test("dead-letter list shows the error; retry puts the job back pending with attempts reset")
    func deadLetterRetry() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let record = RecordID.make()
        let id = try await Self.deadLetter(f, record: record, error: "stage_id 9 does not exist")

        let listed = try #require(try await f.call(DeadLetterListCommand())["dead_letters"]?.arrayValue)
        #expect(listed.count == 1)
        #expect(listed[0]["id"] == .int(id) && listed[0]["source"] == "pd-prod" && listed[0]["attempts"] == 1)
        #expect(listed[0]["fields"] == "stage" && listed[0]["last_error"]?.stringValue?.contains("stage_id 9") == true)

        let ack = try await f.call(DeadLetterRetryCommand(deadLetter: String(id)))
        #expect(ack.message.contains("dead letter \(id) back on the queue"))
        let job = try #require(try f.pendingPush(to: Self.pd, of: record))
        #expect(job.attempts == 0 && job.payload.fields["stage"] == .enumeration("won"))
        #expect(ack.details?["job"] == .int(job.id.rawValue))
        #expect(try await f.org.read { tx in try tx.deadLetterCount() } == 0)
        #expect(await f.failure(DeadLetterRetryCommand(deadLetter: String(id)))?.code == .notFound)
        #expect(await f.failure(DeadLetterRetryCommand(deadLetter: "seven"))?.code == .badRequest)
    }

    @Test("dead-letter drop deletes one; retry --all re-queues the rest")
    func deadLetterDropAndRetryAll() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let records = [RecordID.make(), RecordID.make(), RecordID.make()]
        var ids: [Int64] = []
        for record in records { ids.append(try await Self.deadLetter(f, record: record, error: "invalid")) }

        let dropped = try await f.call(DeadLetterDropCommand(deadLetter: String(ids[0])))
        #expect(dropped.message.contains("dropped"))
        #expect(await f.failure(DeadLetterDropCommand(deadLetter: String(ids[0])))?.code == .notFound)
        let listed = try await f.call(DeadLetterListCommand(org: Self.acme, limit: 1))
        #expect(listed["dead_letters"]?.arrayValue?.map { $0["id"]?.intValue } == [ids[1]])

        let ack = try await f.call(DeadLetterRetryCommand(allIn: Self.acme))
        #expect(ack.details?["retried"] == 2)
        #expect(try f.pendingPush(to: Self.pd, of: records[0]) == nil)
        #expect(try f.pendingPush(to: Self.pd, of: records[1]) != nil && f.pendingPush(to: Self.pd, of: records[2]) != nil)
        #expect(try await f.org.read { tx in try tx.deadLetterCount() } == 0)
    }

    @Test("conflicts list shows both sides and the policy; all includes settled ones")
    func conflictsList() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let (record, id) = try await f.seedConflict()
        let rows = try #require(try await f.call(ConflictsListCommand())["conflicts"]?.arrayValue)
        #expect(rows.count == 1)
        #expect(rows[0]["id"] == .int(id) && rows[0]["record"] == .string(record.description) && rows[0]["object"] == "deal")
        #expect(Set([rows[0]["left"], rows[0]["right"]].compactMap { $0?.stringValue }) == ["sf-prod: 100 USD", "hs-prod: 250 USD"])
        #expect(rows[0]["policy"] == "manual" && rows[0]["status"] == "open" && rows[0]["winner"] == .null)

        _ = try await f.call(ConflictsResolveCommand(conflict: String(id), pick: Self.hs))
        #expect(try await f.call(ConflictsListCommand())["conflicts"]?.arrayValue?.isEmpty == true)
        let all = try #require(try await f.raw(ConflictsListCommand.name, ["all": true])["conflicts"]?.arrayValue)
        #expect(all.count == 1 && all[0]["status"] == "resolved" && all[0]["winner"] == "hs-prod: 250 USD")
        #expect(all[0]["resolved_by"] == "uid:1000")
    }

    @Test("resolve --pick makes the picked side win everywhere and queues pushes to the other replicas")
    func resolvePick() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let (record, id) = try await f.seedConflict()

        let ack = try await f.call(ConflictsResolveCommand(conflict: String(id), pick: Self.hs))
        #expect(ack.message.contains("amount = 250 USD"))
        let stored = try #require(try await f.org.read { tx in try tx.conflict(id) })
        #expect(stored.status == .resolved && stored.winnerValue == Self.usd(250) && stored.winnerReplica == Self.hs)
        #expect(try await f.org.read { tx in try tx.field("amount", of: record)?.value } == Self.usd(250))
        for replica in [Self.sf, Self.pd] {
            let push = try #require(try f.pendingPush(to: replica, of: record), "no push to \(replica)")
            #expect(push.payload.fields["amount"] == Self.usd(250))
        }
        // The field is settled in the resolver's state too: no conflict left open there.
        #expect(try await f.org.read { tx in try tx.resolverState(of: record).fields["amount"]?.isConflictOpen } == false)
        let audit = try await f.org.read { tx in try tx.auditEntries() }
        #expect(audit.contains { $0.action == "conflict.resolve" && $0.actor == "uid:1000" && $0.details["choice"] == "pick:hs-prod" })
        #expect(!audit.contains { $0.details.values.contains { $0.contains("250") } })

        #expect(await f.failure(ConflictsResolveCommand(conflict: String(id), pick: Self.sf))?.code == .conflict)
    }

    @Test("resolve --value parses the value with the field's mapping; bad input changes nothing")
    func resolveValue() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let (record, id) = try await f.seedConflict()

        #expect(await f.failure(ConflictsResolveCommand(conflict: String(id), value: "a lot"))?.code == .badRequest)
        #expect(await f.failure(ConflictsResolveCommand(conflict: String(id), pick: Self.pd))?.code == .badRequest)
        #expect(await f.failure(ConflictsResolveCommand(conflict: String(id), pick: SourceID("nope")))?.code == .badRequest)
        #expect(await f.failure(ConflictsResolveCommand(conflict: "999", value: "1"))?.code == .notFound)
        #expect(try await f.org.read { tx in try tx.conflict(id)?.status } == .open)

        _ = try await f.call(ConflictsResolveCommand(conflict: String(id), value: "300.50 EUR"))
        let chosen = FieldValue.money(Money(amount: Decimal(string: "300.50")!, currency: "EUR"))
        #expect(try await f.org.read { tx in try tx.field("amount", of: record)?.value } == chosen)
        for replica in [Self.sf, Self.hs, Self.pd] {
            #expect(try f.pendingPush(to: replica, of: record)?.payload.fields["amount"] == chosen)
        }
        #expect(try await f.org.read { tx in try tx.conflict(id) }?.winnerReplica == nil)
    }

    @Test("audit verify is ok on an intact chain and names the first broken entry otherwise")
    func auditVerify() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        try await f.org.write { tx in
            for n in 1...4 { try tx.appendAudit(actor: "engine", action: "test.entry", details: ["n": String(n)]) }
        }
        let intact = try await f.call(AuditVerifyCommand())
        #expect(intact["ok"] == true)
        #expect(intact["orgs"]?.arrayValue?.first { $0["org"] == "acme" }?["entries"] == 4)

        try RawDatabase.execute(path: f.temp.path, """
            DROP TRIGGER audit_log_append_only_update;
            UPDATE audit_log SET details = '{"n":"9"}' WHERE org = 'acme' AND seq = 3;
            """)
        let broken = try await f.call(AuditVerifyCommand(org: Self.acme))
        #expect(broken["ok"] == false)
        #expect(broken["first_break"]?["seq"] == 3 && broken["first_break"]?["reason"] == "hash_mismatch")
        #expect(await f.failure(AuditVerifyCommand(org: OrgID("globex")))?.code == .notFound)
    }

    @Test("over the control socket: the client's requests are served, writes are audited, ctl renders tables")
    func throughSocket() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let (record, id) = try await f.seedConflict()
        let letter = try await Self.deadLetter(f, record: RecordID.make(), error: "invalid")
        let audit = ControlAuditLog.hook(store: f.temp.store, logger: quietLogger())
        try await withControlServer(table: f.table, audit: audit) { path in
            let client = ControlClient(socketPath: path)
            let listed = try await client.callDetached(ConflictsListCommand(org: Self.acme))
            #expect(ValueText.render(listed).contains("hs-prod: 250 USD"))
            let ack = try await client.callDetached(ConflictsResolveCommand(conflict: String(id), pick: Self.sf))
            #expect(ack.details?["record"] == .string(record.description))
            _ = try await client.callDetached(DeadLetterRetryCommand(deadLetter: String(letter)))
            let queue = try await client.callDetached(QueueCommand(org: Self.acme))
            let text = ValueText.render(queue)
            #expect(text.contains("depth:") && text.contains("PRIORITY") && text.contains("admin_resync"))
        }
        #expect(try await f.org.read { tx in try tx.field("amount", of: record)?.value } == Self.usd(100))
        let commands = try await f.temp.store.daemon.read { tx in try tx.auditEntries() }.map(\.action)
        #expect(commands == ["control.conflicts.resolve", "control.dead-letter.retry"])
    }
}
