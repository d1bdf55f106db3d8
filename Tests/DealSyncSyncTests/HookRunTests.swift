import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// Hooks run on each committed change (DESIGN §1 step 5): the engine queues a `hook_run` job in
/// the change's own transaction, and hook output comes back as an edit by `local` that syncs out
/// like any other and never queues another hook run.
@Suite("Hook runs and local edits")
struct HookRunTests {
    static let acme = OrgID("acme")
    static let sf = SourceID("sf-prod"), hs = SourceID("hs-prod")
    static let yaml = """
        object: deal
        id_field: dealsync_id
        match_on: [name]
        fields:
          name:
            type: string
            policy: latest
            salesforce: Name
            hubspot: dealname
          amount:
            type: money
            policy: latest
            salesforce: {field: Amount, currency_field: CurrencyIsoCode}
            hubspot: {field: amount, currency_field: deal_currency_code}
          dealsync_id:
            type: string
            policy: {prefer: [local]}
            salesforce: {field: DealSync_Id__c, direction: out}
            hubspot: {field: dealsync_id, direction: out}
          score:
            type: decimal
            policy: {prefer: [local]}
            salesforce: {field: DealSync_Score__c, direction: out}
            hubspot: {field: dealsync_score, direction: out}
        """
    static let at = Date(timeIntervalSince1970: 1_790_000_000)

    static func sfDeal(_ id: String, _ name: String, _ amount: Decimal, at: Date = at) -> RemoteRecord {
        RemoteRecord(kind: .deal, externalID: id, fields: [
            "Name": .string(name), "Amount": .number(amount), "CurrencyIsoCode": .string("USD"),
        ], modifiedAt: at)
    }

    static func engine(_ temp: TemporaryStore, hooks: Bool) throws -> SyncEngine {
        let mappings = try MappingSet(objects: [ObjectMapping.parse(yaml: yaml, file: "deal.yaml")])
        try temp.store.org(acme).write { tx in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.registerSource(hs, kind: "hubspot")
        }
        return SyncEngine(store: temp.store.org(acme), mappings: mappings, sources: [sf: .salesforce, hs: .hubspot],
                          policy: SyncPolicy(runsHooks: hooks),
                          orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
    }

    static func hookRuns(_ engine: SyncEngine) throws -> [HookRunRequest] {
        try engine.store.read { tx in try tx.jobs(source: .local) }.compactMap(HookRunRequest.init(job:))
    }

    @Test("a changed record queues one hook run with the changed fields, their previous values and the stamp")
    func changeQueuesHookRun() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp, hooks: true)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        let first = try Self.hookRuns(engine)
        #expect(first.count == 1)
        #expect(first.first?.changed == ["amount", "name"], "the id stamp the engine adds is not a change")
        #expect(first.first?.previous == [:])

        let later = Self.at.addingTimeInterval(60)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 250, at: later)], deletions: [], from: Self.sf,
                                    kind: .deal, cursor: nil)
        let runs = try Self.hookRuns(engine)
        #expect(runs.count == 2)
        let second = try #require(runs.last)
        #expect(second.changed == ["amount"])
        #expect(second.previous == ["amount": .money(Money(amount: 100, currency: "USD"))])
        #expect(second.changedAt == later)
        #expect(second.record == first.first?.record && second.kind == .deal)
    }

    @Test("an unchanged re-read queues nothing, and with hooks off no change does")
    func noRunWithoutChangeOrHooks() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let on = try Self.engine(temp, hooks: true)
        _ = try await on.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        _ = try await on.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        #expect(try Self.hookRuns(on).count == 1)

        let other = try TemporaryStore()
        defer { other.remove() }
        let off = try Self.engine(other, hooks: false)
        _ = try await off.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        #expect(try await off.store.read { tx in try tx.jobs(source: .local) }.isEmpty)
    }

    @Test("a local edit writes state and pushes to every replica in one go, and queues no hook run")
    func localEditSyncsOutWithoutRetriggering() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp, hooks: true)
        _ = try await engine.ingest([Self.sfDeal("006A", "Acme", 100)], deletions: [], from: Self.sf, kind: .deal, cursor: nil)
        let record = try #require(try Self.hookRuns(engine).first?.record)
        let runsBefore = try Self.hookRuns(engine).count

        let report = try await engine.applyLocal(["score": .decimal(72.5)], record: record, kind: .deal)
        #expect(report.changed == ["score"])
        #expect(report.jobs == 2, "salesforce and hubspot")
        let state = try await engine.store.read { tx in try tx.resolverState(of: record) }
        #expect(state.fields["score"]?.value == .decimal(72.5))
        let pushes = try await engine.store.read { tx in try tx.jobs() }.filter { $0.kind == .push }
        #expect(Set(pushes.filter { $0.payload.fields["score"] == .decimal(72.5) }.map(\.source)) == [Self.sf, Self.hs])
        #expect(try Self.hookRuns(engine).count == runsBefore, "hooks never trigger themselves")

        // The same edit again changes nothing and queues nothing new.
        let again = try await engine.applyLocal(["score": .decimal(72.5)], record: record, kind: .deal)
        #expect(again.changed.isEmpty && again.jobs == 0)
    }

    @Test("a local edit to a record the store does not hold is skipped")
    func localEditOfUnknownRecord() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try Self.engine(temp, hooks: true)
        let report = try await engine.applyLocal(["score": .decimal(1)], record: RecordID.make(), kind: .deal)
        #expect(report.skipped)
        #expect(try await engine.store.read { tx in try tx.jobs() }.isEmpty)
    }

    @Test("JobRequest.hookRun round-trips through the job row")
    func requestRoundTrip() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let record = RecordID.make()
        let previous: [String: FieldValue] = ["amount": .money(Money(amount: Decimal(string: "12.50")!, currency: "EUR"))]
        let request = JobRequest.hookRun(record: record, kind: .activity, changed: ["body", "amount"], previous: previous,
                                         texts: ["Hi, can we meet Tuesday?"])
        let job = try await temp.store.org(Self.acme).write { tx -> Job? in
            let id = try tx.enqueue(request).id
            return try tx.job(id)
        }
        let read = try #require(job.flatMap(HookRunRequest.init(job:)))
        #expect(read == HookRunRequest(record: record, kind: .activity, changed: ["amount", "body"], previous: previous,
                                       texts: ["Hi, can we meet Tuesday?"]))
        #expect(job?.source == .local && job?.kind == .hookRun)
    }
}
