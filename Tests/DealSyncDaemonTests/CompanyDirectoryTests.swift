import DealSyncCore
import DealSyncHooks
import DealSyncSandbox
import DealSyncStore
import DealSyncTestSupport
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

/// The company lookup against the sandbox's Clearbit-style emulator over loopback HTTP, with a
/// real store and a test clock: answers are reused for the cache lifetime and refreshed after,
/// a 429 or an outage defers the lookup (and enrichment goes on), free-mail is never looked up.
@Suite(.serialized) struct CompanyDirectoryTests {
    struct Harness {
        let sandbox: Sandbox
        let temp: TemporaryStore
        let clock: ManualClock
        let directory: CompanyDirectory

        static func start(url: String? = nil, settings: (inout EnrichmentSettings) -> Void = { _ in }) async throws -> Harness {
            let sandbox = try await Sandbox.start(seed: 7, deals: 20)
            // The emulator stamps its rate-limit reset in real time, so the test clock starts there too.
            let clock = ManualClock(Date())
            let temp = try TemporaryStore(clock: clock)
            let keyFile = temp.directory.appendingPathComponent("lookup.key").path
            try (sandbox.lookup.apiKey + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
            var s = EnrichmentSettings()
            s.lookupURL = url ?? sandbox.urls["lookup"]!
            s.lookupTokenFile = keyFile
            settings(&s)
            let directory = try #require(try CompanyDirectory.make(s, store: temp.store.org(OrgID("acme")), clock: clock))
            return Harness(sandbox: sandbox, temp: temp, clock: clock, directory: directory)
        }

        func stop() async {
            temp.remove()
            await sandbox.shutdown()
        }

        var lookups: Int { (try? sandbox.requests(service: "lookup").filter { $0.path.contains("/v2/companies/find") }.count) ?? -1 }

        /// A seeded domain that answers 200 at once (one in ten is "still researching" first).
        func answeringDomain() async throws -> (String, CompanyProfile) {
            for company in sandbox.world.companies {
                if case .company(let profile, _) = await directory.company(domain: company.domain) { return (company.domain, profile) }
            }
            throw CancellationError()
        }

        func entry(_ domain: String) throws -> CompanyCacheEntry? {
            try temp.store.org(OrgID("acme")).read { tx in try tx.companyCacheEntry(domain: domain) }
        }
    }

    @Test func anAnswerIsReusedForSevenDaysAndRefreshedAfter() async throws {
        let h = try await Harness.start()
        defer { Task { await h.stop() } }
        let (domain, profile) = try await h.answeringDomain()
        #expect(profile.name == h.sandbox.world.companies.first { $0.domain == domain }?.name)
        let asked = h.lookups

        h.clock.advance(by: 6 * 86_400 + 23 * 3600)
        #expect(await h.directory.company(domain: "WWW." + domain.uppercased()) == .company(profile, stale: false))
        #expect(h.lookups == asked, "a cache hit makes no request")

        h.clock.advance(by: 2 * 3600)
        guard case .company(let refreshed, stale: false) = await h.directory.company(domain: domain) else {
            Issue.record("no refreshed answer")
            return
        }
        #expect(refreshed.domain == domain)
        #expect(h.lookups == asked + 1, "past seven days the lookup is made again")
    }

    @Test func aRateLimitDefersTheLookupAndItRunsLater() async throws {
        let h = try await Harness.start()
        defer { Task { await h.stop() } }
        let (known, _) = try await h.answeringDomain()
        let domain = try #require(h.sandbox.world.companies.map(\.domain).last { $0 != known })
        try h.sandbox.addFault(FaultRule(throttleRate: 1, retryAfterSeconds: 30, remaining: 1), service: "lookup")
        let before = h.lookups

        #expect(await h.directory.company(domain: domain) == .pending, "enrichment goes on without the company")
        let deferred = try #require(try h.entry(domain))
        #expect(deferred.answer == nil && deferred.attempts == 1 && deferred.lastError == "rate_limited")
        let retryAt = try #require(deferred.retryAt)
        #expect(retryAt > h.clock.now())

        // Asked again before its time: no request, still pending.
        #expect(await h.directory.company(domain: domain) == .pending)
        #expect(h.lookups == before + 1)
        #expect(await h.directory.runDueLookups() == 0, "nothing is due yet")

        h.clock.set(retryAt.addingTimeInterval(1))
        var answered = await h.directory.runDueLookups()
        if answered == 0 {
            // One seeded domain in ten answers 202 first ("researching"): that defers it once more.
            h.clock.set(try #require(try h.entry(domain)?.retryAt).addingTimeInterval(1))
            answered = await h.directory.runDueLookups()
        }
        #expect(answered == 1)
        guard case .company(let profile, stale: false) = await h.directory.company(domain: domain) else {
            Issue.record("the deferred lookup left no answer")
            return
        }
        #expect(profile.domain == domain)
        #expect(try h.entry(domain)?.retryAt == nil)
    }

    @Test func theServiceRunsDeferredLookupsWhenTheyAreDue() async throws {
        let h = try await Harness.start()
        defer { Task { await h.stop() } }
        let domain = try #require(h.sandbox.world.companies.last?.domain)
        try h.sandbox.addFault(FaultRule(throttleRate: 1, retryAfterSeconds: 30, remaining: 1), service: "lookup")
        #expect(await h.directory.company(domain: domain) == .pending)
        h.clock.advance(by: 3600)
        let service = CompanyLookupService(directory: h.directory, interval: .milliseconds(20), logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        let deadline = Date().addingTimeInterval(10)
        // A "still researching" 202 defers once more; the hour already passed covers that wait too.
        while Date() < deadline, try h.entry(domain)?.answer == nil {
            if let next = try h.entry(domain)?.retryAt, next > h.clock.now() { h.clock.set(next.addingTimeInterval(1)) }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try h.entry(domain)?.answer == .found, "the cache filled in without anyone asking again")
    }

    @Test func anOutageBacksOffAndKeepsTheStaleProfile() async throws {
        let h = try await Harness.start()
        defer { Task { await h.stop() } }
        let (domain, profile) = try await h.answeringDomain()
        // The service goes away; its cached answer ages past the lifetime.
        let offline = CompanyLookup(baseURL: "http://127.0.0.1:1", apiKey: "k", perform: { _ in throw URLError(.cannotConnectToHost) })
        let directory = CompanyDirectory(store: h.temp.store.org(OrgID("acme")), lookup: offline, settings: EnrichmentSettings(), clock: h.clock)
        h.clock.advance(by: 8 * 86_400)

        #expect(await directory.company(domain: domain) == .company(profile, stale: true), "a stale profile beats none")
        let first = try #require(try h.entry(domain)?.retryAt)
        #expect(abs(first.timeIntervalSince(h.clock.now()) - 300) < 1)
        h.clock.set(first.addingTimeInterval(1))
        #expect(await directory.runDueLookups() == 0)
        let second = try #require(try h.entry(domain))
        #expect(second.attempts == 2 && second.lastError == "unreachable")
        #expect(abs(second.retryAt!.timeIntervalSince(h.clock.now()) - 600) < 1, "the wait doubles")
    }

    @Test func freeMailAndUnknownDomains() async throws {
        let h = try await Harness.start(settings: { $0.extraFreeMailDomains = ["mail.example"] })
        defer { Task { await h.stop() } }
        #expect(await h.directory.company(domain: "gmail.com") == .skipped)
        #expect(await h.directory.company(domain: "Mail.Example") == .skipped)
        #expect(await h.directory.company(domain: "not a domain") == .skipped)
        #expect(h.lookups == 0, "free-mail is never looked up")

        #expect(await h.directory.company(domain: "no-such-company.example") == .none)
        #expect(await h.directory.company(domain: "no-such-company.example") == .none)
        #expect(h.lookups == 1, "an unknown domain is cached too")
    }

    @Test func aMailProviderTheListMissedIsSkipped() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let provider = CompanyLookup(baseURL: "https://company.example", apiKey: "k", perform: { _ in
            HTTPExchangeResponse(status: 200, body: Data(#"{"name":"Mailbox Co","domain":"mailbox.example","emailProvider":true}"#.utf8))
        })
        let directory = CompanyDirectory(store: temp.store.org(OrgID("acme")), lookup: provider, settings: EnrichmentSettings())
        #expect(await directory.company(domain: "mailbox.example") == .skipped)
    }

    @Test func theHookFillsOnlyBlankCompanyFields() async throws {
        let h = try await Harness.start()
        defer { Task { await h.stop() } }
        let (domain, profile) = try await h.answeringDomain()
        let record = RecordID.make()
        let change = HookChange(org: OrgID("acme"), record: record, kind: .company,
                                fields: ["domain": .string(domain), "name": .string("Typed By Hand Inc"), "city": .null],
                                changed: ["domain"], at: h.clock.now())
        let work = try await CompanyLookupHook(directory: h.directory).run(HookWork(change: change))
        let edited = Dictionary(uniqueKeysWithValues: work.edits.map { ($0.field, $0.value) })
        #expect(edited["name"] == nil, "a value someone entered is kept")
        #expect(edited["industry"] == profile.industry.map(FieldValue.string))
        #expect(edited["employees"] == profile.employees.map { .decimal(Decimal($0)) })
        #expect(work.edits.allSatisfy { $0.record == record })

        let person = HookChange(org: OrgID("acme"), record: record, kind: .contact, fields: ["email": .string("a@\(domain)")], at: h.clock.now())
        #expect(try await CompanyLookupHook(directory: h.directory).run(HookWork(change: person)).edits.isEmpty)
    }
}
