import DealSyncControl
import DealSyncStore
import Logging
import ServiceLifecycle

/// Owns the store's life in the service group: first in the group, so it is the last to stop
/// and every other part has finished its in-flight writes before the file is closed. While
/// running it probes that the store can still be written and keeps `store.readonly` current.
struct StoreService: Service {
    let store: Store
    let health: HealthRegistry
    let probeInterval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                probe()
                try? await Task.sleep(for: probeInterval)
            }
        }
        do {
            try store.close()
            logger.info("store closed")
        } catch {
            logger.error("store close failed", metadata: [LogKeys.error: "\(error)"])
        }
    }

    private func probe() {
        if store.isWritable() {
            health.clear(.storeReadonly)
        } else {
            health.set(HealthCondition(.storeReadonly, .critical, "the store cannot be written (disk full, read-only or locked)"))
        }
    }

    /// The database file inside the state directory.
    static func path(stateDir: String) -> String { stateDir + "/dealsync.sqlite" }
}
