import DealSyncCore
import Foundation
import Testing

/// A push the source acknowledged but the process died before recording: a person's later edit
/// in that source must win as an edit on top of our version, not lose as a "concurrent" one to
/// the policy's preferred source. A report older than the send settles nothing.
@Suite("Unrecorded push outcomes")
struct SentPushTests {
    /// Both CRMs hold the deal at 100; Salesforce then moves it to 300 and the push of 300 to
    /// HubSpot is planned (sent) but its outcome never recorded. Returns the amount the store
    /// holds after HubSpot reports `reported`.
    func amountAfterHubSpotReports(_ reported: Decimal, stampedAfterSend: Bool) async throws -> Decimal? {
        let deal = try AcmeDeal()
        defer { deal.remove() }
        try await deal.salesforce(100, at: deal.t0)
        try await deal.hubspot(100, at: deal.t0)
        try await deal.salesforce(300, at: deal.t0.addingTimeInterval(60))
        let plans = try await deal.planPushes(to: DriftTests.hs)
        #expect(plans.contains { $0.fields["amount"] != nil }, "the push carries the new amount")
        // Killed here: HubSpot took the 300, nothing was recorded. A person then sets 555 there.
        try await deal.hubspot(reported, at: stampedAfterSend ? Date().addingTimeInterval(5) : deal.t0.addingTimeInterval(30))
        return try await deal.amount()
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
        let deal = try AcmeDeal()
        defer { deal.remove() }
        try await deal.hubspot(100, at: deal.t0)
        let plans = try await deal.planPushes(to: DriftTests.sf)
        #expect(plans.contains { if case .create = $0.operation { true } else { false } }, "the deal is created in Salesforce")
        try await deal.hubspot(555, at: Date())
        try await deal.salesforce(100, at: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) - 1))
        #expect(try await deal.amount() == 555)
    }

    /// The report shows the value the source held before the send, on a newer version (a person
    /// changed another field): the push never landed, so the amount stays ours and is sent again.
    @Test func aPushThatNeverLandedIsSentAgain() async throws {
        let deal = try AcmeDeal()
        defer { deal.remove() }
        try await deal.salesforce(100, at: deal.t0)
        try await deal.hubspot(100, at: deal.t0)
        try await deal.salesforce(300, at: deal.t0.addingTimeInterval(60))
        _ = try await deal.planPushes(to: DriftTests.hs)
        try await deal.hubspot(100, at: Date().addingTimeInterval(5))
        #expect(try await deal.amount() == 300)
        #expect(try await deal.state().fields["amount"]?.shadows[DriftTests.hs]?.value == .money(Money(amount: 100, currency: "USD")),
                "HubSpot is still known to hold the old amount, so the push runs again")
    }
}
