import DealSyncQueue
import ServiceLifecycle

/// A queue worker as a lifecycle service: on graceful shutdown it takes no new batches and
/// returns once its in-flight batches finished or were released.
struct WorkerService: Service {
    let worker: SourceWorker

    func run() async throws {
        await withGracefulShutdownHandler {
            await worker.run()
        } onGracefulShutdown: {
            Task { await worker.stop() }
        }
    }
}
