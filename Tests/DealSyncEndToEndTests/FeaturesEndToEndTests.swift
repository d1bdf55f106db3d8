import Foundation
import Testing

/// The feature store and an operator's command hook inside the real `dealsyncd`: every synced
/// deal reaches the features stage through the store (no fallback), and the command hook is
/// run on each change with only redacted data.
@Suite(.serialized) struct FeaturesEndToEndTests {
    @Test func dealsAreScoredFromTheFeatureStoreAndACommandHookSeesOnlyRedactedData() async throws {
        let requests = FileManager.default.temporaryDirectory.appendingPathComponent("dealsync-hook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: requests, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: requests) }
        // The hook keeps each request it is sent and answers with no edits.
        let script = requests.appendingPathComponent("hook.sh").path
        try "cat > \"\(requests.path)/request-$$.json\"; echo \"seen $$\" >&2; printf '{\"edits\":[]}'\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let h = try await SyncHarness.start(deals: 8, hooks: true, hooksExtra: [
            "external:", "  - name: recorder", "    command: [/bin/sh, \(script)]", "    timeout: 5s",
        ])
        do {
            var metrics: [String: Double] = [:]
            // Every change reaches the features stage (contacts and companies too); each deal's
            // is one feature-store lookup, a cache miss the first time.
            try await h.waitUntil("every deal looked up in the feature store, and the command hook run", timeout: .seconds(90)) {
                metrics = try parsePrometheus(try await daemonGET(h.port, "/metrics").body)
                return (metrics["dealsync_feature_cache_misses_total"] ?? 0) >= Double(h.sandbox.world.deals.count)
                    && (metrics[#"dealsync_hook_successes_total{hook="recorder"}"#] ?? 0) >= 1
            }
            #expect(metrics[#"dealsync_hook_fallbacks_total{hook="features"}"#] ?? 0 == 0)
            #expect(metrics[#"dealsync_hook_failures_total{hook="features"}"#] ?? 0 == 0)
            #expect(metrics["dealsync_feature_cache_hits_total"] != nil)

            let files = try FileManager.default.contentsOfDirectory(atPath: requests.path).filter { $0.hasPrefix("request-") }
            #expect(!files.isEmpty)
            let email = try Regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
            for file in files {
                let body = try String(contentsOfFile: requests.appendingPathComponent(file).path, encoding: .utf8)
                let request = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect(request["org"] as? String == "e2e")
                #expect(request["fields"] is [String: Any])
                #expect(body.firstMatch(of: email) == nil, "a raw email address reached the hook: \(body)")
            }
            #expect(h.daemon.stderr.contains("external hook stderr"))
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
