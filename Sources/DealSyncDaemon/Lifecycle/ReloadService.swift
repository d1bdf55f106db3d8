import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP (systemd's `ExecReload=/bin/kill -HUP $MAINPID`).
/// A rejected file is logged and the running configuration stays in force.
struct ReloadService: Service {
    let runtime: DaemonRuntime
    let gate: StartupGate
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await gate.markReady(.signals)
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.info("reload requested", metadata: [LogKeys.signal: "SIGHUP"])
            _ = await runtime.reload(trigger: "SIGHUP")
        }
    }
}
