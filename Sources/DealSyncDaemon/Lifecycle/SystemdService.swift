import DealSyncControl
import Logging
import ServiceLifecycle

/// The daemon's face towards systemd: `READY=1` once start-up finishes, `STATUS=` whenever
/// health changes, `WATCHDOG=1` pings, and `STOPPING=1` when shutdown begins.
///
/// It is the last service in the group, so on SIGTERM it is the first to hear of the
/// shutdown and systemd learns at once that the daemon is draining.
struct SystemdService: Service {
    let runtime: DaemonRuntime
    let gate: StartupGate
    let watchdog: WatchdogSettings?
    let logger: Logger

    func run() async throws {
        let notifier = runtime.notifier
        let health = runtime.health
        await cancelWhenGracefulShutdown {
            await gate.wait()
            guard await gate.isOpen else { return }
            health.clear(.serviceStarting)
            runtime.metrics.setReady(health.snapshot().isReady)
            await runtime.setState(.ready)
            let status = await runtime.statusLine()
            notifier.ready(status: status)
            logger.notice("service ready", metadata: ["status": "\(status)"])
            await withTaskGroup(of: Void.self) { group in
                if let watchdog {
                    group.addTask { await Self.pingWatchdog(notifier, every: watchdog.pingInterval) }
                }
                group.addTask {
                    for await snapshot in health.changes() {
                        runtime.metrics.setReady(snapshot.isReady)
                        notifier.status(await runtime.statusLine())
                    }
                }
                await group.waitForAll()
            }
        }
        await runtime.setState(.stopping)
        runtime.metrics.setReady(false)
        health.set(HealthCondition(.serviceStopping, .critical, "shutting down"))
        notifier.stopping()
        logger.notice("service stopping")
    }

    private static func pingWatchdog(_ notifier: SystemdNotifier, every interval: Duration) async {
        while !Task.isCancelled {
            notifier.watchdog()
            try? await Task.sleep(for: interval)
        }
    }
}
