import AsyncHTTPClient
import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation
import NIOCore
import Testing

/// The real `dealsyncd` watching the sandbox's Gmail and Outlook mailboxes: messages from
/// customers become activities on the right deal in all three CRMs, pushed by Pub/Sub and
/// Graph notifications; expired history and delta tokens lose and duplicate nothing; forged
/// pushes change nothing; a silent mailbox is reported.
@Suite("Mail end to end", .serialized)
struct MailEndToEndTests {
    @Test("Gmail and Outlook messages become activities on the right deal in every CRM, through expiry, forged pushes, silence and a label added on reload")
    func mailToActivities() async throws {
        let h = try await SyncHarness.start(deals: 8, hooks: true)
        do {
            // Outlook's seeded mail is older than the window, so with a short silence_after it
            // falls silent soon after start. The daemon restarts at once on the edited config.
            let yaml = try String(contentsOfFile: h.configPath, encoding: .utf8)
            try yaml.replacingOccurrences(of: "folders: [inbox]\n", with: "folders: [inbox]\n          silence_after: 6s\n")
                .write(toFile: h.configPath, atomically: true, encoding: .utf8)
            try await h.killAndRestart()
            try await h.waitUntil("every CRM pulled once and both push registrations", timeout: .seconds(45)) {
                let metrics = try await daemonGET(h.port, "/metrics").body
                let gmail = try h.sandbox.requests(service: "gmail"), graph = try h.sandbox.requests(service: "graph")
                return CRMKind.allCases.allSatisfy {
                    metrics.contains(#"dealsync_sync_last_success_timestamp_seconds{org="e2e",source="\#($0.rawValue)-sandbox"}"#)
                }
                    && gmail.contains { $0.method == "POST" && $0.path.hasSuffix("/watch") && $0.status == 200 }
                    && graph.contains { $0.method == "POST" && $0.path.hasSuffix("/subscriptions") && $0.status == 201 }
            }
            // Silence is not health: the quiet mailbox shows as a warning while the daemon stays ready.
            try await h.waitUntil("the silent Outlook mailbox in /readyz", timeout: .seconds(20)) {
                let ready = try await daemonGET(h.port, "/readyz")
                return ready.status == 200 && ready.body.contains(#""code":"mailbox.silent""#) && ready.body.contains("graph-sandbox")
            }
            #expect(try await daemonGET(h.port, "/metrics").body.contains(#"dealsync_mailbox_silent{org="e2e",source="graph-sandbox"} 1"#))
            #expect(try h.ctl(["health"]).contains("mailbox.silent"), "dealsyncctl health names the silent mailbox")

            // Given two customers of two different deals, when each writes in (Gmail, Outlook),
            // then each message is one activity on its contact and its deal in every CRM.
            let (first, second) = try Self.twoDeals(h.sandbox.world)
            let ids = try await (Self.ids(h, first), Self.ids(h, second))
            let token = UUID().uuidString.prefix(8)
            let gmailSubject = "Re: \(first.deal.name) [\(token)-g1]", outlookSubject = "RE: \(second.deal.name) [\(token)-o1]"
            let delivered = ContinuousClock.now
            _ = try await h.sandbox.edit("gmail", SandboxEdit(object: "message", id: nil, fields: [
                "from": .string("\(first.contact.firstName) \(first.contact.lastName) <\(first.contact.email)>"),
                "subject": .string(gmailSubject), "body": "Looks good. Please send the order form by Friday.",
            ]))
            _ = try await h.sandbox.edit("graph", SandboxEdit(object: "message", id: nil, fields: [
                "from": .string(second.contact.email), "from_name": .string(second.contact.lastName),
                "subject": .string(outlookSubject), "body": "We are worried about the price. Can we talk tomorrow?",
            ]))
            try await h.waitUntil("both messages as activities on their deals in all three CRMs", timeout: .seconds(60)) {
                let gmail = try await Self.logged(h, gmailSubject, ids.0)
                let outlook = try await Self.logged(h, outlookSubject, ids.1)
                return gmail && outlook
            }
            print("mail: both messages logged in all three CRMs \(ContinuousClock.now - delivered) after delivery")
            // The hooks wrote the enrichment summary into the description the CRMs show.
            try await h.waitUntil("the enrichment summary on the Salesforce Task", timeout: .seconds(30)) {
                let text = try await Self.reader(h, .salesforce).activities(subject: gmailSubject, deal: "").first?.text ?? ""
                return text.contains("Please send the order form") && text.contains("-- DealSync --") && text.contains("Sentiment:")
            }

            // A push with a wrong token or clientState is refused and reads nothing.
            try h.sandbox.clearRequests(service: "gmail")
            try h.sandbox.clearRequests(service: "graph")
            let data = Data(#"{"emailAddress":"x@y.example","historyId":"99999"}"#.utf8).base64EncodedString()
            let forgedGmail = try await Self.post(h.port, "/webhooks/e2e/gmail-sandbox?token=wrong",
                                                  body: #"{"message":{"data":"\#(data)","messageId":"1"},"subscription":"s"}"#)
            let forgedGraph = try await Self.post(h.port, "/webhooks/e2e/graph-sandbox",
                                                  body: #"{"value":[{"subscriptionId":"s","clientState":"guess","changeType":"created"}]}"#)
            #expect(forgedGmail == 401 && forgedGraph == 401)
            try await Task.sleep(for: .seconds(2))
            #expect(try h.sandbox.requests(service: "gmail").isEmpty, "a forged Gmail push syncs nothing")
            #expect(try h.sandbox.requests(service: "graph").isEmpty, "a forged Graph notification syncs nothing")

            // Given both mailboxes paused while mail arrives on either side of an expired Gmail
            // history and an aged-out Graph delta token, when they resume, then every message is
            // one activity: the watchers re-list and skip what was logged before.
            for source in ["gmail-sandbox", "graph-sandbox"] { _ = try h.ctl(["pause", "e2e/\(source)"]) }
            var late: [(String, (contact: [CRMKind: String], deal: [CRMKind: String]))] = []
            for step in 2...3 {
                let g = "Re: \(first.deal.name) [\(token)-g\(step)]", o = "RE: \(second.deal.name) [\(token)-o\(step)]"
                late += [(g, ids.0), (o, ids.1)]
                _ = try await h.sandbox.edit("gmail", SandboxEdit(object: "message", id: nil, fields: [
                    "from": .string(first.contact.email), "subject": .string(g), "body": "Signed copy attached.",
                ]))
                _ = try await h.sandbox.edit("graph", SandboxEdit(object: "message", id: nil, fields: [
                    "from": .string(second.contact.email), "subject": .string(o), "body": "Thanks, that works.",
                ]))
                if step == 2 {
                    _ = try await h.sandbox.edit("gmail", SandboxEdit(object: "history", id: nil, delete: true))
                    _ = try await h.sandbox.edit("graph", SandboxEdit(object: "delta", id: nil, delete: true))
                }
            }
            for source in ["gmail-sandbox", "graph-sandbox"] { _ = try h.ctl(["resume", "e2e/\(source)"]) }
            try await h.waitUntil("the messages around the expiry as activities", timeout: .seconds(60)) {
                for (subject, target) in late where try await !Self.logged(h, subject, target) { return false }
                return true
            }
            #expect(try h.sandbox.requests(service: "gmail").contains { $0.path.hasSuffix("/history") && $0.status == 404 },
                    "the Gmail watcher met the expired history")
            #expect(try h.sandbox.requests(service: "graph").contains { $0.status == 410 }, "the Graph watcher met the 410")
            try await Task.sleep(for: .seconds(4))
            for (subject, target) in [(gmailSubject, ids.0), (outlookSubject, ids.1)] + late {
                var seen: [String] = []
                for crm in CRMKind.allCases {
                    seen.append("\(crm): \(try await Self.reader(h, crm).activities(subject: subject, deal: target.deal[crm] ?? ""))")
                }
                #expect(try await Self.logged(h, subject, target),
                        "exactly one activity for \(subject) in each CRM; expected \(target), found \(seen.joined(separator: "; "))")
            }
            // A label added to the watch list on reload is backfilled: mail already under it
            // (and only there) becomes an activity without a new delivery.
            let labelled = "Re: \(first.deal.name) [\(token)-label]"
            _ = try await h.sandbox.edit("gmail", SandboxEdit(object: "message", id: nil, fields: [
                "from": .string(first.contact.email), "subject": .string(labelled), "body": "Filed under Customers.",
                "labelIds": .array(["Customers"]),
            ]))
            try await Task.sleep(for: .seconds(3))
            #expect(try await Self.reader(h, .salesforce).activities(subject: labelled, deal: "").isEmpty, "an unwatched label is not read")
            let current = try String(contentsOfFile: h.configPath, encoding: .utf8)
            try current.replacingOccurrences(of: "labels: [INBOX]", with: "labels: [INBOX, Customers]")
                .write(toFile: h.configPath, atomically: true, encoding: .utf8)
            h.daemon.signal(SIGHUP)
            try await h.waitUntil("the new label backfilled after the reload", timeout: .seconds(60)) {
                try await Self.logged(h, labelled, ids.0)
            }
            let metrics = try parsePrometheus(try await daemonGET(h.port, "/metrics").body)
            #expect((metrics[#"dealsync_mail_activities_total{org="e2e",source="gmail-sandbox",outcome="created"}"#] ?? 0) >= 4)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    struct Pick { let deal: SeedDeal; let contact: SeedContact }

    /// Two open deals of different companies, each with a unique name and a first contact.
    static func twoDeals(_ world: SeedWorld) throws -> (Pick, Pick) {
        let contacts = Dictionary(world.contacts.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(grouping: world.deals, by: \.name)
        var picks: [Pick] = []
        for deal in world.deals where names[deal.name]?.count == 1 && !deal.stage.isClosed {
            guard let contact = deal.contactKeys.first.flatMap({ contacts[$0] }),
                  !picks.contains(where: { $0.deal.companyKey == deal.companyKey }) else { continue }
            picks.append(Pick(deal: deal, contact: contact))
        }
        guard picks.count >= 2 else { throw DaemonTestError("the seed has no two open deals of different companies") }
        return (picks[0], picks[1])
    }

    /// The contact's and the deal's id in each CRM, once the sync has put them in all three.
    static func ids(_ h: SyncHarness, _ pick: Pick) async throws -> (contact: [CRMKind: String], deal: [CRMKind: String]) {
        var found: (contact: [CRMKind: String], deal: [CRMKind: String]) = ([:], [:])
        try await h.waitUntil("\(pick.deal.name) and \(pick.contact.email) in every CRM", timeout: .seconds(60)) {
            found = try await idsNow(h, pick)
            return found.contact.count == CRMKind.allCases.count && found.deal.count == CRMKind.allCases.count
        }
        return found
    }

    static func idsNow(_ h: SyncHarness, _ pick: Pick) async throws -> (contact: [CRMKind: String], deal: [CRMKind: String]) {
        var contact: [CRMKind: String] = [:], deal: [CRMKind: String] = [:]
        for crm in CRMKind.allCases {
            let email = pick.contact.email.lowercased()
            contact[crm] = try await h.records(.contact, crm).first { record in
                let field = SyncHarness.contactFields(crm)[0]
                if case .array(let emails)? = record.fields[field] {
                    return emails.contains { $0["value"]?.stringValue?.lowercased() == email }
                }
                return record.fields[field]?.stringValue?.lowercased() == email
            }?.externalID
            deal[crm] = try await h.deals(crm).first { SyncHarness.nameAndAmount($0, crm).0 == pick.deal.name }?.externalID
        }
        return (contact, deal)
    }

    static func reader(_ h: SyncHarness, _ crm: CRMKind) -> CRMActivityReader {
        CRMActivityReader(crm, url: h.sandbox.urls[crm.rawValue]!, credentials: h.sandbox.credentials[crm.rawValue] ?? [:])
    }

    /// True when each CRM holds exactly one activity with this subject, on this contact and deal.
    static func logged(_ h: SyncHarness, _ subject: String, _ target: (contact: [CRMKind: String], deal: [CRMKind: String])) async throws -> Bool {
        for crm in CRMKind.allCases {
            let found = try await reader(h, crm).activities(subject: subject, deal: target.deal[crm] ?? "")
            // Salesforce ids compare by their first 15 characters (the 18-character form adds a checksum).
            func same(_ a: String?, _ b: String?) -> Bool { a.map { String($0.prefix(15)) } == b.map { String($0.prefix(15)) } }
            guard found.count == 1, same(found[0].contact, target.contact[crm]), same(found[0].deal, target.deal[crm]) else { return false }
        }
        return true
    }

    static func post(_ port: Int, _ path: String, body: String) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
