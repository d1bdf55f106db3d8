import DealSyncCore
import DealSyncStore
import Foundation

/// A message a mail watcher saw, as plain values: the engine does not import the mail parser.
public struct MailActivity: Sendable, Hashable {
    public struct Person: Sendable, Hashable {
        public var name: String?
        public var address: String

        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }

        var domain: String { address.split(separator: "@").last.map { $0.lowercased() } ?? "" }
    }

    /// The provider's id in this mailbox (Gmail message id, Graph item id): the link's external id.
    public var messageID: String
    /// The RFC 5322 Message-ID: the same message seen in two mailboxes makes one activity.
    public var internetMessageID: String?
    public var subject: String
    public var sentAt: Date
    /// Sender first, then recipients; the first external one with a contact is the activity's.
    public var participants: [Person]
    /// What the sender wrote in this message (no quoted history, no signature): the hook run's text.
    public var newText: String
    /// Attachment names and sizes ("quote.pdf (12 KB)"); the files themselves are never copied.
    public var attachments: [String]

    public init(messageID: String, internetMessageID: String?, subject: String, sentAt: Date,
                participants: [Person], newText: String = "", attachments: [String] = []) {
        self.messageID = messageID
        self.internetMessageID = internetMessageID
        self.subject = subject
        self.sentAt = sentAt
        self.participants = participants
        self.newText = newText
        self.attachments = attachments
    }
}

/// Who counts as a customer in a mailbox, and whether unknown ones become contacts.
public struct ActivityLinking: Sendable, Hashable {
    /// Create a contact for an external participant no CRM knows yet.
    public var createContacts: Bool
    /// The mailbox's own addresses and the org's domains: colleagues, never contacts.
    public var ownAddresses: Set<String>
    public var internalDomains: Set<String>
    /// Domains that say nothing about a company (gmail.com): no company or deal by domain.
    public var freeMailDomains: Set<String>

    public init(createContacts: Bool = false, ownAddresses: Set<String> = [], internalDomains: Set<String> = [],
                freeMailDomains: Set<String> = []) {
        self.createContacts = createContacts
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        self.internalDomains = Set(internalDomains.map { $0.lowercased() })
        self.freeMailDomains = Set(freeMailDomains.map { $0.lowercased() })
    }

    func isExternal(_ person: MailActivity.Person) -> Bool {
        !person.address.isEmpty && !ownAddresses.contains(person.address.lowercased()) && !internalDomains.contains(person.domain)
    }
}

/// What one batch of messages became.
public struct ActivityIngestReport: Sendable, Hashable {
    public var created: [RecordID] = []
    /// Messages already logged (re-delivered, or seen in another mailbox): no second activity.
    public var duplicates = 0
    public var contactsCreated = 0
    public var jobs = 0
}

extension SyncEngine {
    /// Canonical fields of an activity the engine reads or writes besides the mapped ones.
    public enum ActivityField {
        /// Local only (no CRM binding): the RFC Message-ID, for dedup across mailboxes.
        public static let internetMessageID = "message_id"
        /// Local only: attachment names and sizes, for the description summary.
        public static let attachments = "attachments"
    }

    /// Turns new messages of `mailbox` into `activity` records made by the `local` replica, linked
    /// to contacts by participant email and to a deal through those contacts' company, and writes
    /// them, their push jobs to every CRM, a hook run carrying the new text (when hooks run) and
    /// the watcher's cursor in ONE transaction. A message already linked is skipped, so a
    /// re-delivery after a crash or a history/delta restart never makes a second activity.
    public func ingestMailActivities(
        _ messages: [MailActivity], from mailbox: SourceID, linking: ActivityLinking,
        cursor: (object: String, value: String)?
    ) async throws -> ActivityIngestReport {
        try await store.write { tx in
            var report = ActivityIngestReport()
            for message in messages {
                if try tx.recordID(for: .activity, externalID: message.messageID, in: mailbox) != nil {
                    report.duplicates += 1
                    continue
                }
                if let rfcID = message.internetMessageID, !rfcID.isEmpty,
                   let logged = try tx.records(kind: .activity, field: ActivityField.internetMessageID, value: .string(rfcID)).first {
                    if try tx.externalID(of: logged, kind: .activity, in: mailbox) == nil {
                        try tx.link(logged, kind: .activity, to: mailbox, externalID: message.messageID)
                    }
                    report.duplicates += 1
                    continue
                }
                let (record, fields) = try createActivity(message, mailbox: mailbox, linking: linking, tx: tx, report: &report)
                if policy.runsHooks {
                    let run = HookRunRequest(record: record, kind: .activity, changed: fields.sorted(),
                                             texts: message.newText.isEmpty ? [] : [message.newText])
                    try tx.insertJob(JobDraft(source: .local, kind: .hookRun, object: RecordKind.activity.rawValue, record: record,
                                              priority: .normal, orderKey: orderKey(.normal, tx.now), payload: run.payload))
                    report.jobs += 1
                }
                report.created.append(record)
            }
            if let cursor { try tx.setCursor(cursor.value, source: mailbox, object: cursor.object) }
            return report
        }
    }

    private func createActivity(_ message: MailActivity, mailbox: SourceID, linking: ActivityLinking,
                                tx: OrgWriteTransaction, report: inout ActivityIngestReport) throws -> (RecordID, [String]) {
        var contacts: [(RecordID, MailActivity.Person)] = []
        for person in message.participants where linking.isExternal(person) {
            if let found = try contact(email: person.address, tx: tx) {
                contacts.append((found, person))
            } else if linking.createContacts {
                contacts.append((try createContact(person, linking: linking, tx: tx, report: &report), person))
            }
        }
        var fields: [String: FieldValue] = [
            "subject": .string(message.subject.isEmpty ? "(no subject)" : message.subject),
            "date": .date(Self.calendarDate(message.sentAt)),
            "channel": .enumeration("email"),
            "status": .enumeration("completed"),
        ]
        if let rfcID = message.internetMessageID, !rfcID.isEmpty { fields[ActivityField.internetMessageID] = .string(rfcID) }
        if !message.attachments.isEmpty { fields[ActivityField.attachments] = .string(message.attachments.joined(separator: "; ")) }
        if let (first, _) = contacts.first { fields["contact"] = .reference(first) }
        if let deal = try deal(for: contacts, message: message, linking: linking, tx: tx) { fields["deal"] = .reference(deal) }

        let record = RecordID.make(at: tx.now)
        if let idField = mappings.objects[.activity]?.idField { fields[idField] = .string(record.description) }
        try tx.insertRecord(record, kind: .activity)
        try tx.link(record, kind: .activity, to: mailbox, externalID: message.messageID)
        report.jobs += try applyLocal(fields, record: record, kind: .activity, tx: tx).jobs
        return (record, Array(fields.keys))
    }

    /// The contact with this email (its natural key), as stored or lower-cased.
    private func contact(email: String, tx: OrgWriteTransaction) throws -> RecordID? {
        let key = mappings.objects[.contact]?.naturalKey ?? "email"
        for spelling in Set([email, email.lowercased()]).sorted() {
            if let found = try tx.records(kind: .contact, field: key, value: .string(spelling)).first { return found }
        }
        return nil
    }

    private func createContact(_ person: MailActivity.Person, linking: ActivityLinking, tx: OrgWriteTransaction,
                               report: inout ActivityIngestReport) throws -> RecordID {
        let id = RecordID.make(at: tx.now)
        var fields: [String: FieldValue] = [mappings.objects[.contact]?.naturalKey ?? "email": .string(person.address.lowercased())]
        let words = (person.name ?? "").split(separator: " ").map(String.init)
        // CRMs require a last name; the mailbox part stands in when the header had no name.
        fields["last_name"] = .string(words.last ?? String(person.address.split(separator: "@").first ?? ""))
        if words.count > 1 { fields["first_name"] = .string(words.dropLast().joined(separator: " ")) }
        if let company = try company(domain: person.domain, linking: linking, tx: tx) { fields["company"] = .reference(company) }
        if let idField = mappings.objects[.contact]?.idField { fields[idField] = .string(id.description) }
        try tx.insertRecord(id, kind: .contact)
        report.jobs += try applyLocal(fields, record: id, kind: .contact, tx: tx).jobs
        report.contactsCreated += 1
        return id
    }

    private func company(domain: String, linking: ActivityLinking, tx: OrgWriteTransaction) throws -> RecordID? {
        guard !domain.isEmpty, !linking.freeMailDomains.contains(domain) else { return nil }
        let key = mappings.objects[.company]?.naturalKey ?? "domain"
        return try tx.records(kind: .company, field: key, value: .string(domain)).first
    }

    /// The deal the message is about: among the deals of the participants' companies (the
    /// contact's company, else the company with the sender's domain), the one named in the
    /// subject or text, else the open one closing soonest, else any.
    private func deal(for contacts: [(RecordID, MailActivity.Person)], message: MailActivity, linking: ActivityLinking,
                      tx: OrgWriteTransaction) throws -> RecordID? {
        var companies: [RecordID] = []
        for (contact, person) in contacts {
            if case .reference(let company)? = try tx.field("company", of: contact)?.value {
                companies.append(company)
            } else if let company = try company(domain: person.domain, linking: linking, tx: tx) {
                companies.append(company)
            }
        }
        var candidates: [(id: RecordID, name: String, open: Bool, close: String)] = []
        for company in companies {
            for deal in try tx.records(kind: .deal, field: "company", value: .reference(company))
            where !candidates.contains(where: { $0.id == deal }) {
                let fields = try tx.fields(of: deal)
                let name: String = if case .string(let s)? = fields["name"]?.value { s } else { "" }
                let stage: String = if case .enumeration(let s)? = fields["stage"]?.value { s } else { "" }
                let close: String = if case .date(let d)? = fields["close_date"]?.value { d.description } else { "9999-12-31" }
                candidates.append((deal, name, !stage.hasPrefix("closed"), close))
            }
        }
        let subject = message.subject.lowercased()
        if let named = candidates.filter({ !$0.name.isEmpty && subject.contains($0.name.lowercased()) })
            .max(by: { $0.name.count < $1.name.count }) {
            return named.id
        }
        return candidates.sorted { ($0.open ? 0 : 1, $0.close, $0.id.description) < ($1.open ? 0 : 1, $1.close, $1.id.description) }
            .first?.id
    }

    static func calendarDate(_ date: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
