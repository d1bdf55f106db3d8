import Foundation
import Logging
import Metrics
import Prometheus

#if canImport(Glibc)
import Glibc
#endif

/// What `dealsyncd`'s commands do, kept in the library so the executable stays a thin
/// argument parser. Each returns the process exit status.
public enum DaemonEntry {
    /// `EX_CONFIG` from sysexits.h; the unit's `RestartPreventExitStatus=78` stops a restart loop.
    public static let exitConfig: Int32 = 78

    /// `dealsyncd check-config`: 0 when valid, else every issue on stderr and 78.
    public static func checkConfig(path: String) -> Int32 {
        do {
            let config = try ConfigLoader().load(path: path)
            print("\(path): ok (\(config.orgs.count) orgs, \(config.sources.count) sources)")
            return 0
        } catch {
            printIssues(error)
            return exitConfig
        }
    }

    /// Runs the service in the foreground until SIGTERM or SIGINT; `afterStop` runs once the
    /// service group has finished (the sandbox shuts its emulators down there).
    public static func runService(
        path: String, overrides: ConfigOverrides, afterStop: @Sendable () async -> Void = {}
    ) async -> Int32 {
        // Until the reload service installs its handler, SIGHUP's default action would kill us.
        signal(SIGHUP, SIG_IGN)
        let loaded: DaemonConfig
        do {
            loaded = try ConfigLoader().load(path: path)
        } catch {
            printIssues(error)
            return exitConfig
        }
        let config = overrides.applied(to: loaded)
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: config.logLevel) }
        var options = DaemonOptions()
        options.overrides = overrides
        // MailPart first: its push route is a router middleware, which wraps only routes added after it.
        options.parts = [MailPart(), SyncPart(), HooksPart()]
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: options.metrics.registry))
        var logger = Logger(label: "dealsync.daemon")
        logger.logLevel = config.logLevel
        options.logger = logger
        options.loader = ConfigLoader(logger: Logger(label: "dealsync.config"))
        logger.notice(
            "starting", metadata: ["version": "\(DaemonVersion.current)", LogKeys.configFile: "\(path)", "pid": "\(getpid())"])
        let status: Int32
        do {
            let daemon = try await buildDaemon(config: config, options: options)
            try await daemon.group.run()
            status = 0
        } catch {
            logger.critical("service failed", metadata: [LogKeys.error: "\(error)"])
            status = 1
        }
        await afterStop()
        if status == 0 { logger.notice("stopped") }
        return status
    }

    static func printIssues(_ error: ConfigError) {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
    }
}
