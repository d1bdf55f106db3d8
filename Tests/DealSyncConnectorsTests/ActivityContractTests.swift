import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import Testing

/// The activity half of the connector contract, against each CRM's emulator: an activity is
/// created in the CRM's native form linked to its contact and deal, updated in place, never
/// duplicated by a retried create, and one invalid activity fails alone as a validation error.
@Suite(.serialized) struct ActivityContractTests {
    struct Harness {
        let sandbox: Sandbox
        let kind: CRMKind
        let connector: any CRMConnector
        let reader: APIClient
        let contact: String
        let deal: String

        static func start(_ kind: CRMKind) async throws -> Harness {
            let sandbox = try await Sandbox.start(seed: 11, deals: 20)
            let credentials = sandbox.credentials[kind.rawValue] ?? [:]
            let url = sandbox.urls[kind.rawValue]!
            let connector = try ConnectorFactory.make(.init(kind: kind, baseURL: url, credentials: credentials,
                                                            fields: [.deal: ContractFixtures.readFields(kind)], timeout: .seconds(5)))
            let contact = try #require(try await connector.changes(of: .contact, after: nil).records.first?.externalID)
            let deal = try #require(try await connector.changes(of: .deal, after: nil).records.first?.externalID)
            return Harness(sandbox: sandbox, kind: kind, connector: connector,
                           reader: ActivityFixtures.reader(kind, url: url, credentials: credentials), contact: contact, deal: deal)
        }

        func written(_ results: [WriteResult]) throws -> String {
            guard results.count == 1, case .written(let id, _) = results[0] else {
                Issue.record("write failed: \(results)")
                throw CancellationError()
            }
            return id
        }
    }

    @Test(arguments: CRMKind.allCases)
    func anActivityIsCreatedLinkedToItsContactAndDealAndUpdatedInPlace(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let fields = ActivityFixtures.fields(kind, subject: "Re: pricing", text: "Can you send the order form?", contact: h.contact, deal: h.deal)
        let id = try h.written(try await h.connector.write(.activity, [.create(dealSyncID: .make(), fields: fields)]))
        let created = try #require(try await ActivityFixtures.read(kind, h.reader, id: id))
        #expect(created.subject == "Re: pricing")
        #expect(created.text?.hasPrefix("Can you send the order form?") == true)
        #expect(created.contact.map(Self.id15) == Self.id15(h.contact), "linked to the contact")
        #expect(created.deal.map(Self.id15) == Self.id15(h.deal), "linked to the deal")

        let edit = ActivityFixtures.edit(kind, subject: "Re: pricing (signed)", text: "Signed order form attached.")
        let updated = try h.written(try await h.connector.write(.activity, [.update(externalID: id, fields: edit, unmodifiedSince: nil)]))
        #expect(updated == id)
        let stored = try #require(try await ActivityFixtures.read(kind, h.reader, id: id))
        #expect(stored.subject == "Re: pricing (signed)")
        #expect(stored.text?.hasPrefix("Signed order form attached.") == true)
        #expect(stored.deal.map(Self.id15) == Self.id15(h.deal), "the update keeps the links")
    }

    @Test(arguments: CRMKind.allCases)
    func movingAnActivityToAnotherContactLeavesOneLink(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let contacts = try await h.connector.changes(of: .contact, after: nil).records.map(\.externalID)
        let other = try #require(contacts.first { Self.id15($0) != Self.id15(h.contact) })
        let fields = ActivityFixtures.fields(kind, subject: "Moved", text: "x", contact: h.contact, deal: h.deal)
        let id = try h.written(try await h.connector.write(.activity, [.create(dealSyncID: .make(), fields: fields)]))
        _ = try h.written(try await h.connector.write(.activity, [.update(externalID: id, fields: ActivityFixtures.relink(kind, contact: other),
                                                                          unmodifiedSince: nil)]))
        let stored = try #require(try await ActivityFixtures.read(kind, h.reader, id: id))
        #expect(stored.contact.map(Self.id15) == Self.id15(other))
        #expect(stored.contactLinks == 1, "the old contact is no longer linked")
        #expect(stored.deal.map(Self.id15) == Self.id15(h.deal))
    }

    @Test(arguments: CRMKind.allCases)
    func aRetriedCreateMakesNoDuplicateEvenAfterAnEdit(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let dealSyncID = RecordID.make()
        let create = WriteOperation.create(dealSyncID: dealSyncID,
                                           fields: ActivityFixtures.fields(kind, subject: "Intro", text: "Hello", contact: h.contact, deal: h.deal))
        let first = try h.written(try await h.connector.write(.activity, [create]))
        // The note (where Pipedrive keeps the DealSync id) is rewritten before the retry arrives.
        _ = try h.written(try await h.connector.write(.activity, [.update(externalID: first,
                                                                          fields: ActivityFixtures.edit(kind, subject: "Intro", text: "Hello again"),
                                                                          unmodifiedSince: nil)]))
        // A crash between "sent" and "recorded" means the same create is sent again.
        let second = try h.written(try await h.connector.write(.activity, [create]))
        #expect(first == second, "no duplicate activity")
        #expect(try await ActivityFixtures.count(kind, h.reader, dealSyncID: dealSyncID.description, deal: h.deal) == 1)
    }

    @Test(arguments: CRMKind.allCases)
    func oneInvalidActivityFailsAloneAsAValidationError(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let results = try await h.connector.write(.activity, [
            .create(dealSyncID: .make(), fields: ActivityFixtures.fields(kind, subject: "Fine", text: "ok", contact: h.contact, deal: h.deal)),
            .create(dealSyncID: .make(), fields: ActivityFixtures.invalid(kind)),
        ])
        guard case .written(let id, _) = results[0] else { Issue.record("valid activity failed: \(results[0])"); return }
        #expect(try await ActivityFixtures.read(kind, h.reader, id: id)?.subject == "Fine")
        guard case .failed(let error) = results[1] else { Issue.record("invalid activity accepted: \(results[1])"); return }
        #expect(error.kind == .validation)
    }

    @Test(arguments: CRMKind.allCases)
    func aThrottledActivityWriteWaitsInsteadOfFailing(_ kind: CRMKind) async throws {
        let h = try await Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let create = WriteOperation.create(dealSyncID: .make(),
                                           fields: ActivityFixtures.fields(kind, subject: "Later", text: "x", contact: h.contact, deal: h.deal))
        try h.sandbox.addFault(FaultRule(throttleRate: 1, retryAfterSeconds: 7, remaining: 1), service: kind.rawValue)
        do {
            let results = try await h.connector.write(.activity, [create])
            Issue.record("throttled write returned \(results)")
        } catch let error as SyncError {
            guard case .rateLimited(let until) = error.kind else { Issue.record("not rate-limited: \(error)"); return }
            #expect(until > Date())
        }
        // The queue retries after the wait: the same create goes through once.
        let id = try h.written(try await h.connector.write(.activity, [create]))
        #expect(try await ActivityFixtures.read(kind, h.reader, id: id)?.subject == "Later")
    }

    /// Salesforce ids compare in their 15-character form.
    static func id15(_ id: String) -> String { String(id.prefix(15)) }
}
