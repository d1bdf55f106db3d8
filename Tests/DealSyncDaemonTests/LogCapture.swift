import Logging
import Synchronization

@testable import DealSyncDaemon

/// Collects formatted log lines in memory, through the daemon's own `LineLogHandler`, so a
/// test sees exactly what would reach journald.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func logger(_ label: String = "test", level: Logger.Level = .trace) -> Logger {
        Logger(label: label) { label in
            LineLogHandler(label: label, level: level) { [self] line in self.lines.withLock { $0.append(line) } }
        }
    }

    var text: String { lines.withLock { $0.joined() } }
    var all: [String] { lines.withLock { $0 } }
}
