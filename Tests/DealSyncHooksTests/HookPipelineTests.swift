import DealSyncCore
import DealSyncHooks
import Foundation
import Synchronization
import Testing

/// A hook that records its stage in the work and fails or hangs on demand.
struct ProbeHook: Hook {
    enum Mode: Sendable { case ok, throwing, hanging }
    let name: String
    let stage: HookStage
    /// Generous: tests run in parallel on few cores, and only the timeout tests mean to hit it.
    var timeout: Duration = .seconds(60)
    var mode: Mode = .ok
    var hasFallback = false

    func run(_ work: HookWork) async throws -> HookWork {
        switch mode {
        case .ok: break
        case .throwing: throw HookFailure.failed("probe")
        case .hanging: try await Task.sleep(for: .seconds(30))
        }
        var work = work
        work.reviews.append(ReviewItem(record: work.change.record, reason: .lowQuality, detail: name))
        return work
    }

    func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? {
        guard hasFallback else { return nil }
        var work = work
        work.reviews.append(ReviewItem(record: work.change.record, reason: .lowQuality, detail: "\(name) fallback \(failure)"))
        return work
    }
}

/// Metrics kept in memory; the lock only guards the array.
final class RecordedMetrics: HookMetrics {
    let entries = Mutex<[(String, HookOutcome)]>([])
    func record(hook: String, outcome: HookOutcome, seconds: Double) {
        entries.withLock { $0.append((hook, outcome)) }
    }
}

func dealChange(fields: [String: FieldValue] = [:], texts: [String] = [], known: Set<RecordID> = []) -> HookChange {
    HookChange(org: OrgID("acme"), record: RecordID.make(), kind: .deal, fields: fields, texts: texts,
               knownRecords: known, at: Date(timeIntervalSince1970: 1_764_000_000))
}

@Suite struct HookPipelineTests {
    @Test func hooksRunInDesignOrderWhateverTheConfiguredOrder() async {
        let pipeline = HookPipeline(hooks: HookStage.allCases.reversed().map { ProbeHook(name: "\($0)", stage: $0) })
        let (work, outcomes) = await pipeline.run(dealChange())
        #expect(work.reviews.map(\.detail) == HookStage.allCases.map { "\($0)" })
        #expect(outcomes.allSatisfy { $0.outcome == .success })
    }

    @Test func aHangingHookTimesOutAndFallsBackWithoutHoldingThePipeline() async {
        let metrics = RecordedMetrics()
        let pipeline = HookPipeline(hooks: [
            ProbeHook(name: "slow", stage: .scoring, timeout: .milliseconds(50), mode: .hanging, hasFallback: true),
            ProbeHook(name: "after", stage: .notification),
        ], metrics: metrics)
        let started = ContinuousClock.now
        let (work, outcomes) = await pipeline.run(dealChange())
        #expect(ContinuousClock.now - started < .seconds(25), "well before the hanging hook's 30 s")
        #expect(work.reviews.map(\.detail) == ["slow fallback timedOut(0.05 seconds)", "after"])
        #expect(outcomes.map(\.outcome) == [.fallback, .success])
        #expect(metrics.entries.withLock { $0.map(\.1) } == [.fallback, .success])
    }

    @Test func aFailingExternalHookNeverBlocksSync() async {
        let pipeline = HookPipeline(hooks: [
            ProbeHook(name: "score", stage: .scoring),
            ProbeHook(name: "webhook", stage: .external, mode: .throwing),
        ])
        let (work, outcomes) = await pipeline.run(dealChange())
        #expect(outcomes.map(\.outcome) == [.success, .failure])
        #expect(work.reviews.map(\.detail) == ["score"])
        #expect(work.outbound == .allowed)
    }

    @Test func aFailingPIIDetectorHoldsOutboundWorkAndSkipsExternalHooks() async {
        struct Broken: Error {}
        let pipeline = HookPipeline(hooks: [
            GuardrailHook(timeout: .seconds(60), redact: { _ in throw Broken() }),
            ProbeHook(name: "webhook", stage: .external),
        ])
        let (work, outcomes) = await pipeline.run(dealChange(texts: ["call 415-555-0199"]))
        #expect(work.outbound == .held(reason: "guardrail failed"))
        #expect(work.redactedTexts.isEmpty)
        #expect(outcomes.map(\.hook) == ["guardrail"])
        #expect(outcomes.map(\.outcome) == [.fallback])
    }

    @Test func aSlowPIIDetectorIsTreatedAsAFailure() async {
        let pipeline = HookPipeline(hooks: [GuardrailHook(timeout: .milliseconds(20), redact: { text in
            Thread.sleep(forTimeInterval: 0.5)
            return Redaction(original: text, spans: [])
        })])
        let (work, _) = await pipeline.run(dealChange(texts: ["x"]))
        #expect(work.outbound == .held(reason: "guardrail timed out"))
    }

    @Test func theGuardrailRedactsAndAuditsOnlyCounts() async {
        let pipeline = HookPipeline(hooks: [GuardrailHook(timeout: .seconds(60))])
        let (work, _) = await pipeline.run(dealChange(texts: ["mail a@b.io", "card 4111111111111111, mail c@d.io"]))
        #expect(work.redactedTexts == ["mail [EMAIL]", "card [CARD], mail [EMAIL]"])
        #expect(work.redactionCounts == [.email: 2, .creditCard: 1])
        #expect(work.outbound == .allowed)
    }
}
