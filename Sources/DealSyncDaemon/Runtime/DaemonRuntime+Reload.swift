import DealSyncControl
import Foundation
import Logging

/// What a reload did, for the control `reload` reply and logs.
public enum ReloadOutcome: Sendable {
    /// The new file is in force. `restartRequired` names changed keys that only take effect
    /// after a restart (sockets and the store cannot move under a running daemon).
    case applied(restartRequired: [String])
    /// The new file was rejected; the previous configuration keeps running.
    case rejected(ConfigError)
}

extension DaemonRuntime {
    /// Re-reads the config file, as SIGHUP and the control `reload` command ask.
    ///
    /// Once ready, systemd is told `RELOADING=1` (with `MONOTONIC_USEC`) before and `READY=1`
    /// after, even when the file is rejected: the daemon is back to serving either way.
    public func reload(trigger: String) async -> ReloadOutcome {
        let started = ContinuousClock.now
        // Before READY=1 (or while stopping) systemd is not expecting a reload handshake, and a
        // READY=1 here would announce a start-up that has not finished.
        let previousState = state
        let handshake = previousState == .ready
        if handshake {
            setState(.reloading)
            notifier.reloading()
        }
        let outcome: ReloadOutcome
        do {
            let loaded = try loader.load(path: config.file)
            outcome = .applied(restartRequired: try apply(loaded))
        } catch let error as ConfigError {
            outcome = .rejected(error)
        } catch {
            // The file was valid but the store could not record its sources: keep the old config.
            outcome = .rejected(ConfigError(issues: [
                ConfigIssue(file: config.file, line: nil, keyPath: "orgs", message: "could not register sources: \(error)")
            ]))
        }
        switch outcome {
        case .applied(let restartRequired):
            for observer in reloadObservers { await observer(config) }
            metrics.recordReload(success: true)
            health.clear(.configReloadFailed)
            logger.notice(
                "configuration reloaded",
                metadata: [
                    "trigger": "\(trigger)", LogKeys.configFile: "\(config.file)",
                    "config.sources": "\(config.sources.count)",
                    LogKeys.durationMS: "\((ContinuousClock.now - started).wholeMilliseconds)",
                ])
            for key in restartRequired {
                logger.warning("changed key takes effect after a restart", metadata: ["config.key": "\(key)"])
            }
        case .rejected(let error):
            metrics.recordReload(success: false)
            health.set(HealthCondition(
                .configReloadFailed, .warning, "last reload rejected; previous configuration still in force"))
            for issue in error.issues {
                logger.error("configuration rejected", metadata: ["trigger": "\(trigger)", LogKeys.error: "\(issue)"])
            }
        }
        if handshake {
            setState(.ready)
            notifier.notify(["READY=1", "STATUS=\(statusLine())"])
        }
        return outcome
    }

    /// Swaps in a validated config, keeping the start-up values of keys that cannot change live.
    private func apply(_ loaded: DaemonConfig) throws -> [String] {
        var next = overrides.applied(to: loaded)
        var restartRequired: [String] = []
        if next.stateDir != config.stateDir { restartRequired.append("state_dir") }
        if next.controlSocket != config.controlSocket { restartRequired.append("control_socket") }
        if next.httpListen != config.httpListen { restartRequired.append("http_listen") }
        // Loggers copy their level when made, so a new level would apply to some parts only.
        if next.logLevel != config.logLevel { restartRequired.append("log_level") }
        next.stateDir = config.stateDir
        next.controlSocket = config.controlSocket
        next.httpListen = config.httpListen
        next.logLevel = config.logLevel
        try replaceConfig(next)
        return restartRequired
    }
}

extension Duration {
    /// Whole milliseconds, for `duration_ms` log fields.
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
