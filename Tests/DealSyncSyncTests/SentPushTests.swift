import DealSyncCore
import DealSyncStore
import DealSyncSync
import DealSyncTestSupport
import Foundation
import Testing

/// A push the source acknowledged but the process died before recording: a person's later edit
/// in that source must win as an edit on top of our version, not lose as a "concurrent" one to
/// the policy's preferred source. A report older than the send settles nothing.
@Suite("Unrecorded push outcomes")
struct SentPushTests {
    static let yaml = """
        object: deal
        match_on: [name]
        fields:
          name:
            type: string
            policy: {prefer: [salesforce, hubspot]}
            salesforce: Name
            hubspot: dealname
          amount:
            type: money
            policy: {prefer: [salesforce, hubspot]}
            salesforce: {field: Amount, currency_field: CurrencyIsoCode}
            hubspot: {field: amount, currency_field: deal_currency_code}
        """

    func hubspot(_ amount: Decimal, at date: Date) -> RemoteRecord {
        RemoteRecord(kind: .deal, externalID: "17", fields: [
            "dealname": .string("Acme"), "amount": .number(amount), "deal_currency_code": .string("USD"),
        ], modifiedAt: date)
    }

    /// Both CRMs hold the deal at 100; Salesforce then moves it to 300 and the push of 300 to
    /// HubSpot is planned (sent) but its outcome never recorded. Returns the state's amount after
    /// HubSpot reports `reported` stamped at `stamp`.
    func amountAfterHubSpotReports(_ reported: Decimal, stampedAfterSend: Bool) async throws -> Decimal? {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp, yaml: Self.yaml)
        let t0 = Date().addingTimeInterval(-600)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100, at: t0)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspot(100, at: t0)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 300, at: t0.addingTimeInterval(60))], deletions: [],
                                    from: DriftTests.sf, kind: .deal, cursor: nil)
        let org = temp.store.org(DriftTests.acme)
        let jobs = try await org.write { tx in try tx.claimJobs(source: DriftTests.hs, batchSize: 10) }
        let plans = try await engine.planPushes(jobs, to: DriftTests.hs)
        #expect(plans.contains { $0.fields["amount"] != nil }, "the push carries the new amount")
        // Killed here: HubSpot took the 300, nothing was recorded. A person then sets 555 there.
        let stamp = stampedAfterSend ? Date().addingTimeInterval(5) : t0.addingTimeInterval(30)
        _ = try await engine.ingest([hubspot(reported, at: stamp)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let record = try #require(try await org.read { tx in try tx.recordID(forExternalID: "deal/006A", in: DriftTests.sf) })
        let state = try await org.read { tx in try tx.resolverState(of: record) }
        if case .money(let m)? = state.fields["amount"]?.value { return m.amount }
        return nil
    }

    @Test func anEditMadeAfterAnUnrecordedPushWinsOverThePreferredSource() async throws {
        #expect(try await amountAfterHubSpotReports(555, stampedAfterSend: true) == 555)
    }

    @Test func theEchoOfAnUnrecordedPushIsRecognised() async throws {
        #expect(try await amountAfterHubSpotReports(300, stampedAfterSend: true) == 300)
    }

    @Test func aReportOlderThanTheSendIsStillConcurrentAndThePolicyDecides() async throws {
        #expect(try await amountAfterHubSpotReports(555, stampedAfterSend: false) == 300)
    }

    /// HubSpot holds the deal; its create in Salesforce is sent but never recorded. HubSpot then
    /// moves the amount to 555, and Salesforce's first report of the created deal carries our
    /// 100 with a stamp cut to the second, before the send by our clock. It is still the echo of
    /// our create, so the later HubSpot edit must stand, not lose to the preferred source.
    @Test func theEchoOfAnUnrecordedCreateSettlesWhateverItsStamp() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp, yaml: Self.yaml)
        let t0 = Date().addingTimeInterval(-600)
        _ = try await engine.ingest([hubspot(100, at: t0)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let org = temp.store.org(DriftTests.acme)
        let jobs = try await org.write { tx in try tx.claimJobs(source: DriftTests.sf, batchSize: 10) }
        let plans = try await engine.planPushes(jobs, to: DriftTests.sf)
        #expect(plans.contains { if case .create = $0.operation { true } else { false } }, "the deal is created in Salesforce")
        _ = try await engine.ingest([hubspot(555, at: Date())], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let coarse = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) - 1)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100, at: coarse)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        let record = try #require(try await org.read { tx in try tx.recordID(forExternalID: "deal/006A", in: DriftTests.sf) })
        let state = try await org.read { tx in try tx.resolverState(of: record) }
        #expect(state.fields["amount"]?.value == .money(Money(amount: 555, currency: "USD")))
    }

    /// The report shows the value the source held before the send, on a newer version (a person
    /// changed another field): the push never landed, so the amount stays ours and is sent again.
    @Test func aPushThatNeverLandedIsSentAgain() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let engine = try DriftTests.engine(temp, yaml: Self.yaml)
        let t0 = Date().addingTimeInterval(-600)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 100, at: t0)], deletions: [], from: DriftTests.sf, kind: .deal, cursor: nil)
        _ = try await engine.ingest([hubspot(100, at: t0)], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        _ = try await engine.ingest([DriftTests.sfDeal("006A", "Acme", 300, at: t0.addingTimeInterval(60))], deletions: [],
                                    from: DriftTests.sf, kind: .deal, cursor: nil)
        let org = temp.store.org(DriftTests.acme)
        let jobs = try await org.write { tx in try tx.claimJobs(source: DriftTests.hs, batchSize: 10) }
        _ = try await engine.planPushes(jobs, to: DriftTests.hs)
        _ = try await engine.ingest([hubspot(100, at: Date().addingTimeInterval(5))], deletions: [], from: DriftTests.hs, kind: .deal, cursor: nil)
        let record = try #require(try await org.read { tx in try tx.recordID(forExternalID: "deal/006A", in: DriftTests.sf) })
        let state = try await org.read { tx in try tx.resolverState(of: record) }
        #expect(state.fields["amount"]?.value == .money(Money(amount: 300, currency: "USD")))
        #expect(state.fields["amount"]?.shadows[DriftTests.hs]?.value == .money(Money(amount: 100, currency: "USD")),
                "HubSpot is still known to hold the old amount, so the push runs again")
    }
}
