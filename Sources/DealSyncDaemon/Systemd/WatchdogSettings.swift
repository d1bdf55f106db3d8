import Foundation

/// The watchdog interval systemd asks for (`WatchdogSec=` → `$WATCHDOG_USEC`), if it is meant
/// for this process: `$WATCHDOG_PID`, when set, must be our pid (a child must not ping for us).
public struct WatchdogSettings: Sendable, Hashable {
    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) recommends.
    public var pingInterval: Duration

    public init?(environment: [String: String] = ProcessInfo.processInfo.environment, pid: Int32 = getpid()) {
        guard let usecText = environment["WATCHDOG_USEC"], let usec = UInt64(usecText), usec > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"], !pidText.isEmpty {
            guard Int32(pidText) == pid else { return nil }
        }
        pingInterval = .microseconds(Int64(min(usec, UInt64(Int64.max)) / 2))
    }
}
