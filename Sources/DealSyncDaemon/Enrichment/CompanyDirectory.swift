import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation

/// Companies by domain for one org: the 7-day cache in the store first, the lookup service on a
/// miss. A lookup that is throttled, refused or unreachable is deferred in the cache row (with
/// backoff) and answered with whatever the cache still holds, so enrichment never waits on the
/// service; `runDueLookups` (the `CompanyLookupService`) tries deferred domains again.
public actor CompanyDirectory {
    public enum Answer: Sendable, Hashable {
        /// `stale`: older than the cache lifetime, kept because a refresh could not be made.
        case company(CompanyProfile, stale: Bool)
        /// The service knows no company at this domain.
        case none
        /// Free-mail or malformed: never looked up.
        case skipped
        /// Not known yet; a lookup is queued.
        case pending
    }

    let store: OrgStore
    let lookup: CompanyLookup
    let settings: EnrichmentSettings
    let clock: any WallClock
    private var inFlight: [String: Task<Answer, Never>] = [:]
    /// Deferred retries wait 5 minutes, doubling per failed attempt, at most 6 hours.
    static let firstRetry: TimeInterval = 300
    static let longestRetry: TimeInterval = 6 * 3600

    public init(store: OrgStore, lookup: CompanyLookup, settings: EnrichmentSettings, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.lookup = lookup
        self.settings = settings
        self.clock = clock
    }

    /// `example.com` for `WWW.Example.com.`; nil for what is not a looked-up company domain.
    public func normalized(_ domain: String) -> String? {
        var d = domain.trimmingCharacters(in: .whitespaces).lowercased()
        if d.hasSuffix(".") { d.removeLast() }
        if d.hasPrefix("www.") { d.removeFirst(4) }
        guard d.contains("."), !d.hasPrefix("."), d.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              !settings.freeMailDomains.contains(d) else { return nil }
        return d
    }

    public func company(domain raw: String) async -> Answer {
        guard let domain = normalized(raw) else { return .skipped }
        if let running = inFlight[domain] { return await running.value }
        let task = Task { await self.resolve(domain, force: false) }
        inFlight[domain] = task
        let answer = await task.value
        inFlight[domain] = nil
        // A mail provider the built-in list missed says so itself (Clearbit's `emailProvider`).
        if case .company(let profile, _) = answer, profile.emailProvider == true { return .skipped }
        return answer
    }

    /// Looks up every deferred domain whose time has come. Returns how many were answered.
    @discardableResult
    public func runDueLookups(limit: Int = 50) async -> Int {
        let now = clock.now()
        let due = (try? await store.read { tx in try tx.companyLookupsDue(at: now, limit: limit) }) ?? []
        var answered = 0
        for domain in due {
            switch await resolve(domain, force: true) {
            case .company(_, stale: false), .none: answered += 1
            default: break
            }
        }
        return answered
    }

    private func resolve(_ domain: String, force: Bool) async -> Answer {
        let now = clock.now()
        let entry = try? await store.read { tx in try tx.companyCacheEntry(domain: domain) }
        let cached = entry.flatMap { Self.answer($0, fresh: $0.answeredAt.map { now.timeIntervalSince($0) < settings.cacheLifetime } ?? false) }
        if let cached, case .company(_, stale: false) = cached { return cached }
        if let cached, cached == .none { return cached }
        if !force, let retryAt = entry?.retryAt, retryAt > now { return cached ?? .pending }
        switch await lookup.find(domain: domain) {
        case .found(let profile):
            let json = (try? JSONEncoder().encode(profile)).map { String(decoding: $0, as: UTF8.self) }
            _ = try? await store.write { tx in try tx.recordCompanyAnswer(domain: domain, answer: .found, profileJSON: json) }
            return .company(profile, stale: false)
        case .unknown:
            _ = try? await store.write { tx in try tx.recordCompanyAnswer(domain: domain, answer: .unknown, profileJSON: nil) }
            return .none
        case .deferred(let after, let reason):
            let backoff = min(Self.firstRetry * pow(2, Double(entry?.attempts ?? 0)), Self.longestRetry)
            let retryAt = max(after ?? now, now.addingTimeInterval(backoff))
            _ = try? await store.write { tx in try tx.deferCompanyLookup(domain: domain, until: retryAt, error: reason) }
            return cached ?? .pending
        }
    }

    /// The cached answer, marked stale when past the lifetime; nil when there is none.
    static func answer(_ entry: CompanyCacheEntry, fresh: Bool) -> Answer? {
        switch entry.answer {
        case .found?:
            guard let json = entry.profileJSON, let profile = try? JSONDecoder().decode(CompanyProfile.self, from: Data(json.utf8)) else {
                return nil
            }
            return .company(profile, stale: !fresh)
        case .unknown?:
            return fresh ? Answer.none : nil
        case nil:
            return nil
        }
    }
}
