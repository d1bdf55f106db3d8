import DealSyncControl
import DealSyncCore
import DealSyncHooks
import DealSyncSync
import Foundation
import Logging
import ServiceLifecycle

/// Watches one mailbox source: each label/folder's watcher in rounds whose messages become
/// activities committed with the cursor that covers them; at once when a push arrives, else on
/// the poll interval (or `poll_fallback` while pushes are registered); push registrations
/// renewed before they expire; silence reported.
actor MailboxService: Service {
    let org: OrgID
    /// Fixed for the service's life; everything else of the source may change on reload.
    nonisolated let id: SourceID
    nonisolated let kind: SourceKind
    var source: SourceConfig
    var mailbox: MailboxConfig
    let engine: SyncEngine
    var client: MailClient
    var channels: [MailChannel]
    var linking: ActivityLinking
    let runtime: DaemonRuntime
    let health: HealthRegistry
    let metrics: MailMetrics
    let logger: Logger
    /// The mailbox's own address, when the credentials name it (pushes for another are refused).
    var address: String?
    var wakeRequested = true
    var lastMessageAt = Date()
    var push = PushState()
    /// After a failed registration, when to try again.
    var pushRetryAt = Date.distantPast

    init(org: OrgID, source: SourceConfig, engine: SyncEngine, client: MailClient, runtime: DaemonRuntime,
         health: HealthRegistry, metrics: MailMetrics, logger: Logger) {
        self.org = org
        id = source.id
        kind = source.kind
        self.engine = engine
        self.runtime = runtime
        self.health = health
        self.metrics = metrics
        self.logger = logger
        (self.source, mailbox, self.client, channels, linking, address) = Self.derive(source, client: client)
    }

    /// What the service reads from its source's configuration.
    static func derive(_ source: SourceConfig, client: MailClient)
        -> (SourceConfig, MailboxConfig, MailClient, [MailChannel], ActivityLinking, String?) {
        let mailbox = source.mailbox ?? MailboxConfig.defaults(for: source.kind)
        let address = source.credentials["email_address"]?.lowercased()
        let channels = mailbox.watch.map { name in
            source.kind == .gmail
                ? MailChannel.gmail(label: name, baseURL: source.baseURL, windowDays: mailbox.initialWindowDays, client: client)
                : MailChannel.graph(folder: name, baseURL: source.baseURL, windowDays: mailbox.initialWindowDays, client: client)
        }
        let domain = address.flatMap { $0.split(separator: "@").last.map(String.init) }
        let free = EnrichmentConfig.defaultFreeMailDomains
        let linking = ActivityLinking(createContacts: mailbox.createContacts, ownAddresses: Set([address].compactMap { $0 }),
                                      internalDomains: domain.map { free.contains($0) ? [] : [$0] } ?? [], freeMailDomains: free)
        return (source, mailbox, client, channels, linking, address)
    }

    /// A reload: the source's new options apply from the next round. A label or folder added
    /// has no cursor yet, so its first round is the bounded backfill. Changed credentials or
    /// base URL get a new client; a source removed from the config stops at the next restart.
    func apply(_ config: DaemonConfig) {
        guard let next = config.source(org: org, id: id), next.kind == kind, next != source else { return }
        do {
            let client = next.credentials == source.credentials && next.baseURL == source.baseURL ? client : try MailClient(source: next, vault: client.vault)
            let watched = mailbox.watch
            (source, mailbox, self.client, channels, linking, address) = Self.derive(next, client: client)
            // Gmail's watch names its labels: register again for the new list. Graph subscribes
            // a new folder by itself (it has no subscription yet).
            if mailbox.watch != watched {
                push.gmailWatchExpiresAt = nil
                pushRetryAt = .distantPast
            }
            wakeRequested = true
            logger.notice("mailbox options reloaded", metadata: ["watch": "\(mailbox.watch.joined(separator: ","))"])
        } catch {
            logger.error("mailbox reload not applied", metadata: ["error": "\(error)"])
        }
    }

    var ref: SourceRef { SourceRef(org: org, source: id) }

    /// A push said there is something new.
    func wake() { wakeRequested = true }

    /// On shutdown a round in progress is cancelled: nothing of it was committed, and the
    /// stored cursor makes the next start read it again.
    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        push = (try? await loadPushState()) ?? PushState()
        var nextRound = Date()
        while !Task.isCancelled {
            if await runtime.pausedSources[ref] == nil {
                await renewPushIfDue(now: Date())
                if wakeRequested || Date() >= nextRound {
                    wakeRequested = false
                    let wait = await syncAll()
                    nextRound = Date().addingTimeInterval(wait ?? pollInterval)
                }
                checkSilence(now: Date())
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Pushes carry the news while registered; the poll is then only the fallback.
    var pollInterval: TimeInterval {
        Self.seconds(push.isRegistered(now: Date()) ? mailbox.pollFallback : source.pollInterval)
    }

    /// One round of every channel. Returns a shorter wait when the provider asked for one.
    private func syncAll() async -> TimeInterval? {
        for channel in channels {
            do {
                try await sync(channel)
                health.clear(.sourceFailing, org: org, source: id)
                health.clear(.sourceAuthFailed, org: org, source: id)
            } catch let error as SyncError {
                metrics.roundFailed(org: org, source: id, code: error.code)
                switch error.kind {
                case .rateLimited(let until):
                    logger.notice("mailbox throttled", metadata: ["folder": "\(channel.name)", "until": "\(until)"])
                    return max(1, until.timeIntervalSinceNow)
                case .auth:
                    health.set(HealthCondition(.sourceAuthFailed, .critical, "mailbox credentials refused: \(error.code)",
                                               org: org, source: id))
                    logger.error("mailbox credentials refused", metadata: ["code": "\(error.code)"])
                case .retryable, .validation:
                    health.set(HealthCondition(.sourceFailing, .warning, "mailbox sync failed: \(error.code)", org: org, source: id))
                    logger.warning("mailbox sync failed", metadata: ["folder": "\(channel.name)", "code": "\(error.code)"])
                }
                return Self.retryDelay
            } catch {
                metrics.roundFailed(org: org, source: id, code: "mail.unexpected")
                logger.error("mailbox sync failed", metadata: ["folder": "\(channel.name)", "error": "\(type(of: error))"])
                return Self.retryDelay
            }
        }
        return nil
    }

    private func sync(_ channel: MailChannel) async throws {
        let object = channel.cursorObject
        let stored = try await engine.store.read { tx in try tx.cursor(source: self.id, object: object) }
        let (messages, cursor) = try await channel.round(stored.flatMap { $0.isEmpty ? nil : $0 }, Date())
        let report = try await engine.ingestMailActivities(messages, from: id, linking: linking,
                                                           cursor: (object, cursor))
        metrics.seen(messages.count, created: report.created.count, org: org, source: id)
        guard !messages.isEmpty else { return }
        lastMessageAt = Date()
        logger.info("mailbox synced", metadata: [
            "folder": "\(channel.name)", "messages": "\(messages.count)", "activities": "\(report.created.count)",
            "duplicates": "\(report.duplicates)", "contacts_created": "\(report.contactsCreated)", "jobs": "\(report.jobs)",
        ])
    }

    /// Silence is not health: a mailbox that received nothing for `silence_after` is reported.
    private func checkSilence(now: Date) {
        let quiet = now.timeIntervalSince(lastMessageAt)
        let silent = quiet >= Self.seconds(mailbox.silenceAfter)
        metrics.silent(silent, org: org, source: id)
        if silent {
            health.set(HealthCondition(.mailboxSilent, .warning, "no message received for \(Int(quiet / 60)) minutes",
                                       org: org, source: id))
        } else {
            health.clear(.mailboxSilent, org: org, source: id)
        }
    }

    static let retryDelay: TimeInterval = 30

    static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
