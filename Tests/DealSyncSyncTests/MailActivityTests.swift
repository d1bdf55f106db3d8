import DealSyncCore
import DealSyncQueue
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// Mail messages become `activity` records made by `local`: linked to the participant's contact
/// and the deal the message is about, pushed to every CRM, never twice for one message.
@Suite("Mail activities")
struct MailActivityTests {
    static let acme = OrgID("acme")
    static let sf = SourceID("sf-prod"), gmail = SourceID("gmail-rep"), graph = SourceID("outlook-rep")

    struct World {
        let temp: TemporaryStore
        let engine: SyncEngine
        let contact: RecordID
        let renewal: RecordID
        let pilot: RecordID
    }

    /// A company (acme-corp.example) with one contact and two open deals.
    static func world(runsHooks: Bool = false) async throws -> World {
        let temp = try TemporaryStore()
        let store = temp.store.org(acme)
        try await store.write { tx in
            try tx.registerSource(sf, kind: "salesforce")
            try tx.registerSource(gmail, kind: "gmail")
            try tx.registerSource(graph, kind: "graph")
        }
        var policy = SyncPolicy()
        policy.runsHooks = runsHooks
        let engine = SyncEngine(store: store, mappings: try MappingFixture.shipped(), sources: [sf: .salesforce], policy: policy,
                                orderKey: { PriorityAging.standard.orderKey(priority: $0, enqueuedAt: $1) })
        let company = RecordID.make(), contact = RecordID.make(), renewal = RecordID.make(), pilot = RecordID.make()
        try await store.write { tx in
            try tx.insertRecord(company, kind: .company)
            try tx.insertRecord(contact, kind: .contact)
            try tx.insertRecord(renewal, kind: .deal)
            try tx.insertRecord(pilot, kind: .deal)
        }
        _ = try await engine.applyLocal(["name": .string("Acme Corp"), "domain": .string("acme-corp.example")], record: company, kind: .company)
        _ = try await engine.applyLocal(["email": .string("bob@acme-corp.example"), "last_name": .string("Stone"),
                                         "company": .reference(company)], record: contact, kind: .contact)
        _ = try await engine.applyLocal(["name": .string("Acme Renewal"), "company": .reference(company), "stage": .enumeration("proposal"),
                                         "close_date": .date(CalendarDate(year: 2026, month: 12, day: 1))], record: renewal, kind: .deal)
        _ = try await engine.applyLocal(["name": .string("Acme Pilot"), "company": .reference(company), "stage": .enumeration("negotiation"),
                                         "close_date": .date(CalendarDate(year: 2026, month: 11, day: 30))], record: pilot, kind: .deal)
        return World(temp: temp, engine: engine, contact: contact, renewal: renewal, pilot: pilot)
    }

    static let linking = ActivityLinking(ownAddresses: ["rep@seller.example"], internalDomains: ["seller.example"],
                                         freeMailDomains: ["gmail.com"])

    static func message(_ id: String, subject: String, from: String = "bob@acme-corp.example", rfc: String? = nil) -> MailActivity {
        MailActivity(messageID: id, internetMessageID: rfc ?? "<\(id)@mail.example>", subject: subject,
                     sentAt: Date(timeIntervalSince1970: 1_790_000_000),
                     participants: [.init(name: "Bob Stone", address: from), .init(name: "Rep", address: "rep@seller.example")],
                     newText: "Can you send the signed order form by Friday?", attachments: ["quote.pdf (12 KB)"])
    }

    @Test("a message becomes one activity on the contact and the deal it names; a re-delivery makes none")
    func oneActivityPerMessage() async throws {
        let w = try await Self.world()
        defer { w.temp.remove() }
        let first = try await w.engine.ingestMailActivities([Self.message("m1", subject: "Re: Acme Renewal pricing")], from: Self.gmail,
                                                            linking: Self.linking, cursor: ("activity/INBOX", "c1"))
        #expect(first.created.count == 1)
        let activity = try #require(first.created.first)
        let fields = try await w.engine.store.read { tx in try tx.fields(of: activity) }
        #expect(fields["contact"]?.value == .reference(w.contact))
        #expect(fields["deal"]?.value == .reference(w.renewal), "the deal named in the subject, not the one closing first")
        #expect(fields["channel"]?.value == .enumeration("email"))
        #expect(fields["attachments"]?.value == .string("quote.pdf (12 KB)"))
        let pushes = try await w.engine.store.read { tx in try tx.jobs(source: Self.sf) }.filter { $0.record == activity }
        #expect(pushes.count == 1, "one push of the new activity to the CRM")
        #expect(try await w.engine.store.read { tx in try tx.cursor(source: Self.gmail, object: "activity/INBOX") } == "c1")

        let again = try await w.engine.ingestMailActivities([Self.message("m1", subject: "Re: Acme Renewal pricing")], from: Self.gmail,
                                                            linking: Self.linking, cursor: ("activity/INBOX", "c2"))
        #expect(again.created.isEmpty && again.duplicates == 1, "no second activity for a re-delivered message")
        #expect(try await w.engine.store.read { tx in try tx.recordCount(kind: .activity) } == 1)
    }

    @Test("without a deal name, the open deal closing soonest; the same Message-ID in another mailbox is no second activity")
    func dealChoiceAndCrossMailboxDedup() async throws {
        let w = try await Self.world()
        defer { w.temp.remove() }
        let report = try await w.engine.ingestMailActivities([Self.message("m2", subject: "Quick question", rfc: "<shared@x>")],
                                                             from: Self.gmail, linking: Self.linking, cursor: nil)
        let activity = try #require(report.created.first)
        #expect(try await w.engine.store.read { tx in try tx.field("deal", of: activity)?.value } == .reference(w.pilot))
        let other = try await w.engine.ingestMailActivities([Self.message("AAMk-9", subject: "Quick question", rfc: "<shared@x>")],
                                                            from: Self.graph, linking: Self.linking, cursor: nil)
        #expect(other.created.isEmpty && other.duplicates == 1)
        #expect(try await w.engine.store.read { tx in try tx.links(of: activity) }.keys.contains(Self.graph))
    }

    @Test("create_contacts makes contacts for unknown customers only: never the mailbox owner or a colleague")
    func createContacts() async throws {
        let w = try await Self.world()
        defer { w.temp.remove() }
        let strangers = MailActivity(messageID: "m3", internetMessageID: nil, subject: "Hello", sentAt: Date(),
                                     participants: [.init(name: "Carol Ng", address: "carol@newco.example"),
                                                    .init(name: nil, address: "dave@gmail.com"),
                                                    .init(name: "Rep", address: "rep@seller.example"),
                                                    .init(name: "Boss", address: "boss@seller.example")])
        let off = try await w.engine.ingestMailActivities([strangers], from: Self.gmail, linking: Self.linking, cursor: nil)
        #expect(off.contactsCreated == 0)
        #expect(try await w.engine.store.read { tx in try tx.field("contact", of: off.created[0]) } == nil)

        var on = Self.linking
        on.createContacts = true
        var second = strangers
        second.messageID = "m4"
        let report = try await w.engine.ingestMailActivities([second], from: Self.gmail, linking: on, cursor: nil)
        #expect(report.contactsCreated == 2, "carol and dave; not the rep or the colleague")
        let emails = try await w.engine.store.read { tx in
            try tx.records(kind: .contact).compactMap { try tx.field("email", of: $0.id)?.value }
        }
        #expect(Set(emails) == [.string("bob@acme-corp.example"), .string("carol@newco.example"), .string("dave@gmail.com")])
    }

    @Test("with hooks on, each new activity has a hook run carrying the message's new text")
    func hookRun() async throws {
        let w = try await Self.world(runsHooks: true)
        defer { w.temp.remove() }
        let report = try await w.engine.ingestMailActivities([Self.message("m5", subject: "Re: Acme Pilot")], from: Self.gmail,
                                                             linking: Self.linking, cursor: nil)
        let runs = try await w.engine.store.read { tx in try tx.jobs(source: .local) }.compactMap(HookRunRequest.init(job:))
            .filter { $0.record == report.created.first }
        #expect(runs.count == 1)
        #expect(runs.first?.texts == ["Can you send the signed order form by Friday?"])
    }
}
