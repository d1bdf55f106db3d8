import DealSyncConnectors
import DealSyncControl
import DealSyncCore
import DealSyncStore
import DealSyncSync
import Foundation
import Logging
import ServiceLifecycle

/// Pulls one CRM source: every object on its poll interval (the safety net), and at once for
/// records a webhook named. Each page is committed with its cursor before the next is read.
actor SourcePoller: Service {
    let org: OrgID
    let config: SourceConfig
    let engine: SyncEngine
    let connector: any CRMConnector
    let runtime: DaemonRuntime
    let health: HealthRegistry
    let metrics: SyncMetrics
    let logger: Logger
    private var hints: [RecordKind: Set<String>] = [:]
    private var pollNow = true
    /// A mass delete this process held and an admin then released by resuming the source.
    private var heldMassDelete: Set<RecordKind> = []
    /// What the current pull pass did so far, for its summary line.
    private var pass = IngestReport()
    /// Webhook-named fetches wait until the API's rate limit resets.
    private var hintsNotBefore = Date.distantPast
    /// Until this process completes one full pass, what the pages bring is bulk catch-up (the
    /// initial backfill, or the changes of a downtime) and is queued as backfill, which never
    /// spends the budget share kept for ordinary and high-value work. Webhook fetches are not.
    private var caughtUp = false

    init(org: OrgID, config: SourceConfig, engine: SyncEngine, connector: any CRMConnector, runtime: DaemonRuntime,
         health: HealthRegistry, metrics: SyncMetrics, logger: Logger) {
        self.metrics = metrics
        self.org = org
        self.config = config
        self.engine = engine
        self.connector = connector
        self.runtime = runtime
        self.health = health
        self.logger = logger
    }

    var ref: SourceRef { SourceRef(org: org, source: config.id) }

    func hint(_ hint: ChangeHint) { hints[hint.kind, default: []].insert(hint.externalID) }
    func wake() { pollNow = true }

    /// On shutdown a pull in progress is cancelled rather than drained: a page not yet committed
    /// is simply read again after the restart.
    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        var nextPoll = Date()
        // The backfill at start is itself a full comparison; the first check comes one interval later.
        var nextReconcile = Date().addingTimeInterval(Self.seconds(config.reconcileInterval))
        while !Task.isCancelled {
            if await runtime.pausedSources[ref] == nil {
                await fetchHinted()
                if pollNow || Date() >= nextPoll {
                    pollNow = false
                    let wait = await pollAll()
                    nextPoll = Date().addingTimeInterval(wait ?? Self.seconds(config.pollInterval))
                }
                if Date() >= nextReconcile {
                    await reconcileAll()
                    nextReconcile = Date().addingTimeInterval(Self.seconds(config.reconcileInterval))
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// One pass over every object. Returns a shorter wait when the API asked for one.
    private func pollAll() async -> TimeInterval? {
        var complete = true
        let started = Date()
        defer {
            if complete {
                caughtUp = true
                metrics.pollSucceeded(org: org, source: config.id, lagSeconds: Date().timeIntervalSince(started))
                runtime.progress.succeeded(ref, passStarted: started)
            }
        }
        pass = IngestReport()
        defer { Task { await self.summarize() } }
        // Companies first, then contacts, then deals: references resolve to records already linked.
        for kind in Self.order.filter(config.objects.contains) {
            do {
                try await drain(kind)
                health.clear(.sourceFailing, org: org, source: config.id)
                health.clear(.sourceAuthFailed, org: org, source: config.id)
            } catch let error as SyncError {
                complete = false
                metrics.pollFailed(org: org, source: config.id, code: error.code)
                runtime.progress.failed(ref, "\(kind): \(error.code): \(error.message)")
                if let wait = await handle(error, kind: kind) { return wait }
            } catch {
                complete = false
                runtime.progress.failed(ref, "\(kind): \(type(of: error))")
                logger.error("poll failed", metadata: ["object": "\(kind)", "error": "\(error)"])
            }
        }
        return nil
    }

    private func drain(_ kind: RecordKind) async throws {
        var more = true
        while more && !Task.isCancelled {
            let stored = try await engine.store.read { tx in try tx.cursor(source: self.config.id, object: kind.rawValue) }
            let cursor = stored.flatMap { $0.isEmpty ? nil : $0 }
            let page = try await connector.changes(of: kind, after: cursor)
            let allow = heldMassDelete.contains(kind)
            let report = try await engine.ingest(page.records, deletions: page.deletions, from: config.id, kind: kind,
                                                 cursor: page.nextCursor, backfill: !caughtUp, allowMassDelete: allow)
            if allow { heldMassDelete.remove(kind) }
            try await refetch(report.refetch, kind: kind)
            log(report, kind: kind)
            more = page.hasMore
        }
    }

    /// Lists every record of each object and compares it with the store. What drifted is
    /// fetched again through the resolver: a change the feed never delivered is applied like any
    /// other, so the check repairs what it can and the metric says what it found.
    private func reconcileAll() async {
        for kind in Self.order.filter(config.objects.contains) where !Task.isCancelled {
            do {
                var report = DriftReport()
                var cursor: String?
                var more = true
                while more && !Task.isCancelled {
                    let page = try await listPage(kind, after: cursor)
                    try await engine.compare(page.records, of: kind, in: config.id, into: &report)
                    cursor = page.nextCursor
                    more = page.hasMore
                }
                guard !Task.isCancelled else { return }
                try await engine.finish(&report, of: kind, in: config.id)
                metrics.drift(report.drift, org: org, source: config.id, object: kind)
                let metadata: Logger.Metadata = [
                    "object": "\(kind)", "source_records": "\(report.remoteCount)", "store_records": "\(report.storeCount)",
                    "unlinked": "\(report.unlinked.count)", "missing": "\(report.missing.count)",
                    "differing": "\(report.differing.count)",
                ]
                if report.drift == 0 {
                    logger.info("reconciled, no drift", metadata: metadata)
                } else {
                    logger.warning("reconciliation found drift; fetching those records again", metadata: metadata)
                    hints[kind, default: []].formUnion(report.unlinked + report.differing)
                }
            } catch {
                logger.warning("reconciliation failed", metadata: ["object": "\(kind)", "error": "\(error)"])
            }
        }
    }

    /// A listing page for reconciliation. A throttled page is asked again once the API allows,
    /// up to a minute's wait: the comparison so far is kept rather than thrown away.
    private func listPage(_ kind: RecordKind, after cursor: String?) async throws -> ChangePage {
        while true {
            do {
                return try await connector.changes(of: kind, after: cursor)
            } catch let error as SyncError {
                guard let until = Self.throttledUntil(error), until.timeIntervalSinceNow < 60 else { throw error }
                logger.notice("reconciliation throttled", metadata: ["object": "\(kind)", "until": "\(until)"])
                try await Task.sleep(for: .seconds(max(0.1, until.timeIntervalSinceNow)))
            }
        }
    }

    private func fetchHinted() async {
        guard Date() >= hintsNotBefore else { return }
        let pending = hints
        hints = [:]
        for (kind, ids) in pending where !ids.isEmpty {
            do {
                let page = try await connector.fetch(kind, ids: ids.sorted())
                let allow = heldMassDelete.contains(kind)
                let report = try await engine.ingest(page.records, deletions: page.deletions, from: config.id, kind: kind,
                                                     cursor: nil, allowMassDelete: allow)
                if allow { heldMassDelete.remove(kind) }
                log(report, kind: kind)
            } catch let error as SyncError where error.code == "sync.mass_delete" {
                // Kept until an admin resumes the source, which applies them.
                hints[kind, default: []].formUnion(ids)
                _ = await handle(error, kind: kind)
            } catch let error as SyncError where Self.throttledUntil(error) != nil {
                // Kept, and asked again only once the API allows: retrying at once would only
                // be refused again and eat the budget the pushes share.
                hints[kind, default: []].formUnion(ids)
                hintsNotBefore = max(hintsNotBefore, Self.throttledUntil(error) ?? Date())
                logger.notice("webhook fetch throttled", metadata: ["object": "\(kind)", "until": "\(hintsNotBefore)"])
            } catch {
                // The poll is the safety net: what a webhook named is read again there.
                logger.warning("webhook fetch failed", metadata: ["object": "\(kind)", "error": "\(error)"])
            }
        }
    }

    private func refetch(_ ids: [String], kind: RecordKind) async throws {
        guard !ids.isEmpty else { return }
        let page = try await connector.fetch(kind, ids: ids)
        _ = try await engine.ingest(page.records, deletions: page.deletions, from: config.id, kind: kind, cursor: nil)
    }

    private func handle(_ error: SyncError, kind: RecordKind) async -> TimeInterval? {
        switch error.kind {
        case .rateLimited(let until):
            logger.notice("throttled", metadata: ["object": "\(kind)", "until": "\(until)"])
            return max(1, until.timeIntervalSinceNow)
        case .auth:
            health.set(HealthCondition(.sourceAuthFailed, .critical, "credentials refused: \(error.code)", org: org, source: config.id))
            logger.error("credentials refused", metadata: ["object": "\(kind)", "code": "\(error.code)"])
        case .validation where error.code == "sync.mass_delete":
            heldMassDelete.insert(kind)
            // Paused as the daemon's own user; resuming the source is the admin's approval.
            try? await runtime.pause(ref, by: getuid())
            health.set(HealthCondition(.sourcePaused, .warning, "mass delete held: \(error.message); resume to apply",
                                       org: org, source: config.id))
            logger.warning("mass delete held for an admin", metadata: ["object": "\(kind)", "reason": "\(error.message)"])
        case .retryable, .validation:
            health.set(HealthCondition(.sourceFailing, .warning, "pull failed: \(error.code)", org: org, source: config.id))
            logger.warning("pull failed", metadata: ["object": "\(kind)", "error": "\(error)"])
        }
        return nil
    }

    /// One line per pull pass that found work or left some queued, so a newcomer watching
    /// `dealsyncd --sandbox` sees the CRMs converge; a settled source stays quiet.
    private func summarize() async {
        let r = pass
        let depth = (try? await engine.store.read { tx in try tx.queueDepth() }) ?? []
        let pending = depth.reduce(0) { $0 + $1.pending + $1.inflight }
        guard r.changed + r.created + r.matched + r.deleted + r.conflicts > 0 || pending > 0 else { return }
        let bySource = Dictionary(grouping: depth, by: \.source).mapValues { $0.reduce(0) { $0 + $1.pending + $1.inflight } }
        logger.info("pull pass complete", metadata: [
            "records": "\(r.seen)", "matched": "\(r.matched)", "created": "\(r.created)", "changed": "\(r.changed)",
            "conflicts": "\(r.conflicts)", "deleted": "\(r.deleted)", "queue_depth": "\(pending)",
            "queue_by_source": "\(bySource.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))",
        ])
    }

    private func log(_ r: IngestReport, kind: RecordKind) {
        guard r.seen > 0 || r.deleted > 0 else { return }
        pass.merge(r)
        metrics.pulled(r, org: org, source: config.id, object: kind)
        logger.info("page synced", metadata: [
            "object": "\(kind)", "records": "\(r.seen)", "matched": "\(r.matched)", "created": "\(r.created)",
            "changed": "\(r.changed)", "unchanged": "\(r.unchanged)", "conflicts": "\(r.conflicts)",
            "deleted": "\(r.deleted)", "jobs": "\(r.jobs)",
        ])
    }

    static let order: [RecordKind] = [.company, .contact, .deal]

    static func throttledUntil(_ error: SyncError) -> Date? {
        if case .rateLimited(let until) = error.kind { return until }
        return nil
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
