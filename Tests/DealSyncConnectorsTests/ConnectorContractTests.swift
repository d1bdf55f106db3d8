import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// One contract, run against every connector and its emulator (as litestream runs one test body
/// against every storage backend): paging, cursor resume, idempotent create, 429, token refresh,
/// malformed bodies and per-record validation errors.
@Suite(.serialized) struct ConnectorContractTests {
    static let dealsPerCRM = 250

    struct Harness {
        let sandbox: Sandbox
        let kind: CRMKind
        let connector: any CRMConnector

        var service: String { kind.rawValue }
        var seededDeals: Int { sandbox.world.deals.filter { $0.presence.contains(SeedCRM(rawValue: kind.rawValue)!) }.count }

        static func start(_ kind: CRMKind) async throws -> Harness {
            let sandbox = try await Sandbox.start(seed: 11, deals: dealsPerCRM)
            var credentials = sandbox.credentials[kind.rawValue] ?? [:]
            // Pipedrive: exercise OAuth like the others; its API-token path is covered by the emulator tests.
            if kind == .pipedrive { credentials["api_token"] = nil }
            let connector = try ConnectorFactory.make(.init(
                kind: kind, baseURL: sandbox.urls[kind.rawValue]!, credentials: credentials,
                fields: [.deal: ContractFixtures.readFields(kind)], timeout: .seconds(5), pageSize: 100))
            return Harness(sandbox: sandbox, kind: kind, connector: connector)
        }

        func drain(from cursor: String? = nil, maxPages: Int = 100) async throws -> (ids: Set<String>, pages: Int, cursor: String?) {
            var ids = Set<String>(), pages = 0, cursor = cursor
            while pages < maxPages {
                let page: ChangePage
                do {
                    page = try await connector.changes(of: .deal, after: cursor)
                } catch let error as SyncError {
                    // A throttled feed waits as told and carries on (HubSpot search allows 5/s).
                    guard case .rateLimited(let until) = error.kind else { throw error }
                    try await Task.sleep(for: .seconds(min(max(until.timeIntervalSinceNow, 0.1), 11)))
                    continue
                }
                ids.formUnion(page.records.map(\.externalID))
                cursor = page.nextCursor
                pages += 1
                if !page.hasMore { break }
            }
            return (ids, pages, cursor)
        }
    }

    @Test(arguments: CRMKind.allCases)
    func pagesThroughEveryDealAndResumesFromACursorAfterACrash(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let all = try await h.drain()
        #expect(all.ids.count == h.seededDeals, "no record lost, none invented")
        #expect(all.pages > 1, "the feed pages")

        // Given a first page committed, when a fresh connector (a restarted daemon) resumes from
        // its cursor, then the union covers every record: nothing lost across the crash.
        let first = try await h.connector.changes(of: .deal, after: nil)
        let restarted = try await Harness.start(kind)
        defer { Task { await restarted.sandbox.shutdown() } }
        let rest = try await h.drain(from: first.nextCursor)
        #expect(Set(first.records.map(\.externalID)).union(rest.ids) == all.ids)

        // A drained feed reports an edit made afterwards.
        let edited = try #require(first.records.first?.externalID)
        _ = try await h.sandbox.edit(h.service, ContractFixtures.humanEdit(kind, id: edited))
        let after = try await h.drain(from: all.cursor)
        #expect(after.ids.contains(edited))
    }

    @Test(arguments: CRMKind.allCases)
    func createIsIdempotentOnTheDealSyncID(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let id = RecordID.make()
        let op = WriteOperation.create(dealSyncID: id, fields: ContractFixtures.newDeal(kind))
        let first = try await h.connector.write(.deal, [op])
        // A crash between "sent" and "recorded" means the same create is sent again.
        let second = try await h.connector.write(.deal, [op])
        guard case .written(let a, _) = first.first, case .written(let b, _) = second.first else {
            Issue.record("create failed: \(first) \(second)")
            return
        }
        #expect(a == b, "no duplicate record")
        let all = try await h.drain()
        #expect(all.ids.count == h.seededDeals + 1)
    }

    /// Salesforce and HubSpot take a whole batch of creates in one call (collections upsert and
    /// batch upsert on the DealSync id), so a backfill spends one request per batch, not per record.
    @Test(arguments: [CRMKind.salesforce, .hubspot])
    func aBatchOfCreatesIsOneRequestAndStaysIdempotent(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let ops = (0..<3).map { n in
            var fields = ContractFixtures.newDeal(kind)
            fields[kind == .salesforce ? "Name" : "dealname"] = .string("Batch deal \(n)")
            return WriteOperation.create(dealSyncID: RecordID.make(), fields: fields)
        }
        _ = try await h.connector.changes(of: .deal, after: nil)
        try h.sandbox.clearRequests(service: h.service)
        let first = try await h.connector.write(.deal, ops)
        let writes = try h.sandbox.requests(service: h.service).filter { $0.method != "GET" && !$0.path.contains("oauth") }
        #expect(writes.count == 1, "one request for three creates: \(writes.map { "\($0.method) \($0.path)" })")
        let again = try await h.connector.write(.deal, ops)
        let ids = first.compactMap { if case .written(let id, _) = $0 { id } else { nil } }
        #expect(ids.count == 3 && Set(ids).count == 3, "three records made: \(first)")
        #expect(again.compactMap { if case .written(let id, _) = $0 { id } else { nil } } == ids, "sent again, the same three")
        #expect(try await h.drain().ids.count == h.seededDeals + 3)
    }

    @Test(arguments: CRMKind.allCases)
    func oneInvalidRecordFailsAloneAsAValidationError(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let ids = Array(try await h.connector.changes(of: .deal, after: nil).records.prefix(2).map(\.externalID))
        let results = try await h.connector.write(.deal, [
            .update(externalID: ids[0], fields: ContractFixtures.validUpdate(kind), unmodifiedSince: nil),
            .update(externalID: ids[1], fields: ContractFixtures.invalidUpdate(kind), unmodifiedSince: nil),
        ])
        guard case .written = results[0] else { Issue.record("valid update failed: \(results[0])"); return }
        guard case .failed(let error) = results[1] else { Issue.record("invalid update accepted: \(results[1])"); return }
        #expect(error.kind == .validation)
    }

    @Test(arguments: CRMKind.allCases)
    func throttlingIsRateLimitedWithAWaitAndNotAFailure(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        _ = try await h.connector.changes(of: .deal, after: nil)
        try h.sandbox.addFault(FaultRule(throttleRate: 1, retryAfterSeconds: 7, remaining: 1), service: h.service)
        do {
            _ = try await h.connector.changes(of: .deal, after: nil)
            Issue.record("throttled call succeeded")
        } catch let error as SyncError {
            guard case .rateLimited(let until) = error.kind else { Issue.record("not rate-limited: \(error)"); return }
            #expect(until > Date())
        }
        _ = try await h.connector.changes(of: .deal, after: nil)
    }

    @Test(arguments: CRMKind.allCases)
    func aRefusedTokenIsRefreshedOnceAndTheCallSucceeds(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        _ = try await h.connector.changes(of: .deal, after: nil)
        try h.sandbox.clearRequests(service: h.service)
        try h.sandbox.addFault(FaultRule(revokeTokens: true, remaining: 1), service: h.service)
        let page = try await h.connector.changes(of: .deal, after: nil)
        #expect(!page.records.isEmpty)
        let log = try h.sandbox.requests(service: h.service)
        #expect(log.contains { $0.status == 401 })
        #expect(log.filter { $0.path.contains("token") }.count == 1, "one refresh")
    }

    @Test(arguments: CRMKind.allCases)
    func aMalformedBodyIsARetryableError(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        _ = try await h.connector.changes(of: .deal, after: nil)
        try h.sandbox.addFault(FaultRule(malformedRate: 1, remaining: 1), service: h.service)
        do {
            _ = try await h.connector.changes(of: .deal, after: nil)
            Issue.record("malformed body accepted")
        } catch let error as SyncError {
            #expect(error.kind == .retryable)
        }
    }
}
