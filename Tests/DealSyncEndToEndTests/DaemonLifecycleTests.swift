import DealSyncControl
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `dealsyncd` the way systemd does (its own NOTIFY_SOCKET, signals for reload
/// and stop) and checks every face of the service.
@Suite("dealsyncd lifecycle", .serialized)
struct DaemonLifecycleTests {
    static let validConfig = """
        log_level: debug
        orgs:
          acme:
            sources:
              hub:
                kind: hubspot
                base_url: http://127.0.0.1:9/hubspot
                poll_interval: 30s
                credentials: { file: hub.json }
        """

    @Test("READY, health, metrics, control status, reload (good and broken), STOPPING and exit 0")
    func fullLifecycle() async throws {
        // Given a config with one source and a notify socket standing in for systemd
        let dir = try DaemonWorkDir()
        try dir.write("hub.json", #"{"access_token":"e2e-SECRET-TOKEN-1234"}"#)
        let config = try dir.write("dealsync.yaml", Self.validConfig)
        let notify = try DaemonNotifySocket(abstract: true)
        let port = try freePort()
        let socket = dir.path + "/control.sock"

        // When dealsyncd starts
        let daemon = try DaemonProcess(
            arguments: [
                "--config", config, "--state-dir", dir.path + "/state", "--control-socket", socket,
                "--http-listen", "127.0.0.1:\(port)",
            ],
            environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "1000000"], workDir: dir.path)

        // Then READY=1 arrives, with a status line, and watchdog pings follow (every 0.5 s)
        let ready = try #require(await notify.waitFor("READY=1", timeout: .seconds(30)), "no READY=1; stderr:\n\(daemon.stderr)")
        let timeToReady = ContinuousClock.now - daemon.launchedAt
        #expect(ready.message.contains("STATUS=ready, 1 source"))
        #expect(await notify.waitFor("WATCHDOG=1", timeout: .seconds(3)) != nil)

        // and every face answers
        #expect(try await daemonGET(port, "/healthz").status == 200)
        let readyz = try await daemonGET(port, "/readyz")
        #expect(readyz.status == 200)
        #expect(readyz.body.contains(#""ready":true"#))
        let metrics = try parsePrometheus(try await daemonGET(port, "/metrics").body)
        #expect(metrics["dealsync_up"] == 1)
        #expect(metrics[#"dealsync_sources{org="acme",kind="hubspot",state="active"}"#] == 1)
        #expect((metrics["process_resident_memory_bytes"] ?? 0) > 0)

        let client = ControlClient(socketPath: socket, timeout: .seconds(5))
        let status = try await offload { try client.call(StatusCommand()) }
        #expect(status.state == .ready)
        #expect(status.sources.map(\.source.rawValue) == ["hub"])
        #expect(status.pid == daemon.pid)

        // Idle memory, once start-up work has settled
        try await Task.sleep(for: .seconds(1))
        let rss = daemon.residentKiB

        // When SIGHUP arrives with a valid file: RELOADING=1 (with MONOTONIC_USEC), then READY=1
        daemon.signal(SIGHUP)
        let reloading = try #require(await notify.waitFor("RELOADING=1", timeout: .seconds(10)))
        #expect(reloading.message.contains("MONOTONIC_USEC="))
        #expect(await notify.waitFor("READY=1", timeout: .seconds(10)) != nil)

        // When the file is broken and SIGHUP arrives: still RELOADING then READY, old config kept
        try dir.write("dealsync.yaml", Self.validConfig.replacingOccurrences(of: "kind: hubspot", with: "kind: hubspott"))
        daemon.signal(SIGHUP)
        #expect(await notify.waitFor("RELOADING=1", timeout: .seconds(10)) != nil)
        let readyAfterBad = try #require(await notify.waitFor("READY=1", timeout: .seconds(10)))
        #expect(readyAfterBad.message.contains("STATUS=ready, 1 source; warning: config.reload_failed"))
        let afterBadReload = try await offload { try client.call(StatusCommand()) }
        #expect(afterBadReload.sources.map(\.kind) == ["hubspot"])
        #expect(afterBadReload.conditions.map(\.code) == ["config.reload_failed"])
        let reloadMetrics = try parsePrometheus(try await daemonGET(port, "/metrics").body)
        #expect(reloadMetrics[#"dealsync_config_reloads_total{outcome="success"}"#] == 1)
        #expect(reloadMetrics[#"dealsync_config_reloads_total{outcome="failure"}"#] == 1)
        #expect(try await daemonGET(port, "/readyz").status == 200)
        #expect(daemon.stderr.contains(#"unknown source kind \"hubspott\""#))

        // When SIGTERM arrives: STOPPING=1, then a clean exit well within systemd's 10 s
        let stopAt = ContinuousClock.now
        daemon.signal(SIGTERM)
        #expect(await notify.waitFor("STOPPING=1", timeout: .seconds(10)) != nil)
        let exit = await daemon.waitForExit(timeout: .seconds(10))
        let stopTime = ContinuousClock.now - stopAt
        #expect(exit == 0, "stderr:\n\(daemon.stderr)")
        // An idle daemon drains at once; reaching the 9 s deadline means some service ignored
        // graceful shutdown and had its in-flight work cancelled instead of finished.
        #expect(stopTime < .seconds(5), "graceful shutdown took \(stopTime); stderr:\n\(daemon.stderr)")
        #expect(!FileManager.default.fileExists(atPath: socket), "control socket left behind")

        // Secrets never reach the log, even at debug level
        #expect(!daemon.stderr.contains("e2e-SECRET-TOKEN-1234"))
        print("dealsyncd: time to READY \(timeToReady), idle RSS \(rss.map { "\($0) KiB" } ?? "unknown"), stop \(stopTime)")
    }

    @Test("a second daemon on the same control socket refuses to start, and the first keeps it")
    func secondInstanceRefused() async throws {
        let dir = try DaemonWorkDir()
        let config = try dir.write("dealsync.yaml", "orgs: {}\n")
        let socket = dir.path + "/control.sock"
        let notify = try DaemonNotifySocket(abstract: true)
        let first = try DaemonProcess(
            arguments: ["--config", config, "--state-dir", dir.path + "/a", "--control-socket", socket, "--http-listen", "127.0.0.1:\(try freePort())"],
            environment: ["NOTIFY_SOCKET": notify.address], workDir: dir.path)
        _ = try #require(await notify.waitFor("READY=1", timeout: .seconds(30)), "stderr:\n\(first.stderr)")
        let second = try DaemonProcess(
            arguments: ["--config", config, "--state-dir", dir.path + "/b", "--control-socket", socket, "--http-listen", "127.0.0.1:\(try freePort())"],
            workDir: dir.path)
        let exit = await second.waitForExit(timeout: .seconds(20))
        #expect(exit != nil && exit != 0)
        #expect(try await offload { try ControlClient(socketPath: socket, timeout: .seconds(5)).call(VersionCommand()) }.name == "dealsyncd")
        first.signal(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test("examples/minimal.yaml runs with the documented overrides")
    func minimalExample() async throws {
        let dir = try DaemonWorkDir()
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/minimal.yaml").path
        let notify = try DaemonNotifySocket(abstract: false)
        let port = try freePort()
        let daemon = try DaemonProcess(
            arguments: [
                "--config", example, "--state-dir", dir.path + "/state", "--control-socket", dir.path + "/c.sock",
                "--http-listen", "127.0.0.1:\(port)",
            ],
            environment: ["NOTIFY_SOCKET": notify.address], workDir: dir.path)
        _ = try #require(await notify.waitFor("READY=1", timeout: .seconds(30)), "stderr:\n\(daemon.stderr)")
        #expect(try await daemonGET(port, "/readyz").status == 200)
        daemon.signal(SIGINT)
        #expect(await daemon.waitForExit(timeout: .seconds(10)) == 0)
    }
}
