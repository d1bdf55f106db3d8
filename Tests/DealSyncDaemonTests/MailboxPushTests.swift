import DealSyncCore
import Foundation
import Testing

@testable import DealSyncDaemon

/// Push deliveries for mailboxes are read without I/O: who may wake a watcher, and when a
/// registration is renewed.
@Suite("Mailbox push")
struct MailboxPushTests {
    static func pubsub(_ data: String) -> Data {
        Data(#"{"message":{"data":"\#(data)","messageId":"1","publishTime":"2026-11-26T01:00:00Z"},"subscription":"projects/p/subscriptions/s"}"#.utf8)
    }

    @Test("a Pub/Sub push with the right token names the mailbox and history id; base64url and numeric ids too")
    func gmailPush() throws {
        let data = Data(#"{"emailAddress":"rep@seller.example","historyId":1234}"#.utf8)
        let standard = try MailPushNotice.gmail(body: Self.pubsub(data.base64EncodedString()), token: "t0k", expected: "t0k")
        #expect(standard == .gmail(emailAddress: "rep@seller.example", historyId: "1234"))
        let urlSafe = data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        #expect(try MailPushNotice.gmail(body: Self.pubsub(urlSafe), token: "t0k", expected: "t0k") == standard)
    }

    @Test("a wrong or missing token is unauthorized before the body is read; a bad body is malformed")
    func gmailRefusals() {
        let good = Self.pubsub(Data(#"{"emailAddress":"a@b.example","historyId":"9"}"#.utf8).base64EncodedString())
        #expect(throws: MailPushNotice.Refusal.unauthorized("push token missing or wrong")) {
            try MailPushNotice.gmail(body: good, token: "t0K", expected: "t0k")
        }
        #expect(throws: MailPushNotice.Refusal.self) { try MailPushNotice.gmail(body: good, token: nil, expected: "t0k") }
        #expect(throws: MailPushNotice.Refusal.self) { try MailPushNotice.gmail(body: good, token: "", expected: "") }
        #expect(throws: MailPushNotice.Refusal.malformed("message.data is not base64 JSON {emailAddress, historyId}")) {
            try MailPushNotice.gmail(body: Self.pubsub("bm90IGpzb24="), token: "t0k", expected: "t0k")
        }
        #expect(throws: MailPushNotice.Refusal.malformed("expected a Pub/Sub push body {message: {data}}")) {
            try MailPushNotice.gmail(body: Data("[]".utf8), token: "t0k", expected: "t0k")
        }
    }

    @Test("Graph notifications need the clientState on every item; the validation token is echoed as sent")
    func graphNotifications() throws {
        let body = { (state: String) in
            Data(#"{"value":[{"subscriptionId":"s1","clientState":"cs-1","changeType":"created"},{"subscriptionId":"s2","clientState":"\#(state)"}]}"#.utf8)
        }
        #expect(try MailPushNotice.graph(body: body("cs-1"), expectedClientState: "cs-1") == .graph(subscriptionIDs: ["s1", "s2"]))
        #expect(throws: MailPushNotice.Refusal.unauthorized("clientState missing or wrong")) {
            try MailPushNotice.graph(body: body("forged"), expectedClientState: "cs-1")
        }
        #expect(throws: MailPushNotice.Refusal.self) { try MailPushNotice.graph(body: Data(#"{"value":[]}"#.utf8), expectedClientState: "cs-1") }
        #expect(MailPushNotice.validationToken(query: ["validationToken": "Validation: Testing client%20application"])
            == "Validation: Testing client application")
        #expect(MailPushNotice.validationToken(query: ["token": "x"]) == nil)
    }

    @Test("renewal is due a lead before expiry, and at once without a registration")
    func renewalTiming() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(PushRenewal.gmail.isDue(expiresAt: nil, now: now))
        #expect(!PushRenewal.gmail.isDue(expiresAt: now.addingTimeInterval(7 * 86_400), now: now))
        #expect(!PushRenewal.gmail.isDue(expiresAt: now.addingTimeInterval(86_401), now: now))
        #expect(PushRenewal.gmail.isDue(expiresAt: now.addingTimeInterval(86_400), now: now))
        #expect(PushRenewal.graph.isDue(expiresAt: now.addingTimeInterval(11 * 3600), now: now))
        #expect(!PushRenewal.graph.isDue(expiresAt: now.addingTimeInterval(13 * 3600), now: now))
        // What Graph is asked for stays under its 10 080-minute limit for message subscriptions.
        #expect(PushRenewal.graph.requestedExpiry(now: now).timeIntervalSince(now) < 10_080 * 60)
        #expect(PushState(graphSubscriptions: ["inbox": .init(id: "s", expiresAt: now.addingTimeInterval(60))]).isRegistered(now: now))
        #expect(!PushState(gmailWatchExpiresAt: now.addingTimeInterval(-1)).isRegistered(now: now))
    }

    @Test("the shipped examples/mailboxes.yaml is valid")
    func example() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/mailboxes.yaml").path
        let env = CredentialEnvironment(variables: [
            "DEALSYNC_GMAIL_CREDS": #"{"refresh_token":"r","client_id":"c","client_secret":"s","webhook_secret":"w"}"#,
            "DEALSYNC_OUTLOOK_CREDS": #"{"refresh_token":"r","client_id":"c","client_state":"cs"}"#,
        ])
        let config = try ConfigLoader(environment: env).load(path: path)
        #expect(config.source(org: OrgID("acme"), id: SourceID("gmail-ana"))?.mailbox?.watch == ["INBOX", "Customers"])
        #expect(config.source(org: OrgID("acme"), id: SourceID("outlook-ana"))?.mailbox?.publicURL == "https://dealsync.acme.example")
    }

    @Test("mailbox options parse with defaults; wrong keys for the kind name file, line and key")
    func mailboxConfig() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  gm:
                    kind: gmail
                    credentials: { env: X }
                    mailbox:
                      labels: [INBOX, Customers]
                      initial_window_days: 14
                      poll_fallback: 30m
                      pubsub_topic: projects/p/topics/gmail
                      create_contacts: true
                  ol:
                    kind: graph
                    credentials: { env: X }
            """
        let env = CredentialEnvironment(variables: ["X": #"{"access_token":"t"}"#])
        let config = try ConfigLoader(environment: env).load(yaml: yaml, path: "/etc/dealsync/dealsync.yaml")
        let gmail = try #require(config.source(org: OrgID("acme"), id: SourceID("gm"))?.mailbox)
        #expect(gmail.watch == ["INBOX", "Customers"])
        #expect(gmail.initialWindowDays == 14 && gmail.pollFallback == .seconds(1800) && gmail.createContacts)
        #expect(gmail.pubsubTopic == "projects/p/topics/gmail" && gmail.silenceAfter == .seconds(3600))
        let outlook = try #require(config.source(org: OrgID("acme"), id: SourceID("ol"))?.mailbox)
        #expect(outlook.watch == ["inbox"] && outlook.initialWindowDays == 30 && !outlook.createContacts)

        let bad = yaml.replacingOccurrences(of: "labels: [INBOX, Customers]", with: "folders: [inbox]")
            .replacingOccurrences(of: "initial_window_days: 14", with: "initial_window_days: 0")
        do {
            _ = try ConfigLoader(environment: env).load(yaml: bad, path: "/etc/dealsync/dealsync.yaml")
            Issue.record("expected the config to be rejected")
        } catch {
            #expect(error.issues.map(\.description) == [
                "/etc/dealsync/dealsync.yaml:8: orgs.acme.sources.gm.mailbox.folders: gmail mailboxes watch labels, not folders",
                #"/etc/dealsync/dealsync.yaml:9: orgs.acme.sources.gm.mailbox.initial_window_days: expected a whole number of days from 1 to 3650, found "0""#,
            ])
        }
    }
}
