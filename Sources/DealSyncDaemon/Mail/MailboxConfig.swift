import Foundation

/// `orgs.ORG.sources.ID.mailbox`: how a gmail or graph source is watched. Every key is optional.
public struct MailboxConfig: Sendable, Hashable {
    /// `labels` (gmail, default `[INBOX]`) or `folders` (graph, default `[inbox]`). Each is
    /// synced with its own cursor, so one added later is backfilled over the initial window.
    public var watch: [String]
    /// `initial_window_days`: how far back the first sync of a label or folder reads; default 30.
    public var initialWindowDays = 30
    /// `poll_fallback`: while push notifications are registered, the mailbox is still polled this
    /// often in case pushes stop; default 1h. Without push it is polled on `poll_interval`.
    public var pollFallback: Duration = .seconds(3600)
    /// `push_token`: the token Pub/Sub push deliveries carry (gmail), as `?token=` on the push
    /// endpoint URL or `Authorization: Bearer`. Defaults to the credential document's `webhook_secret`.
    public var pushToken: String?
    /// `pubsub_topic` (gmail): the Cloud Pub/Sub topic `users.watch` publishes to
    /// (`projects/P/topics/T`); without it the mailbox is polled only.
    public var pubsubTopic: String?
    /// `client_state` (graph): the secret Graph echoes in each change notification; defaults to
    /// the credential document's `client_state`. Without it (or `public_url`), polled only.
    public var clientState: String?
    /// `public_url` (graph): the daemon's externally reachable base URL; subscriptions notify
    /// `{public_url}/webhooks/{org}/{source}`.
    public var publicURL: String?
    /// `silence_after`: a mailbox that received nothing this long raises `mailbox.silent`; default 1h.
    public var silenceAfter: Duration = .seconds(3600)
    /// `create_contacts`: make a contact for an external participant no CRM knows; default false.
    public var createContacts = false

    public init(watch: [String]) { self.watch = watch }

    static func defaults(for kind: SourceKind) -> MailboxConfig {
        MailboxConfig(watch: kind == .graph ? ["inbox"] : ["INBOX"])
    }
}
