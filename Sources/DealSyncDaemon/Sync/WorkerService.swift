import DealSyncQueue
import ServiceLifecycle

/// A queue worker as a lifecycle service: on graceful shutdown it takes no new batches and
/// returns once its in-flight batches finished or were released. While it runs, its budget,
/// breaker and its org's queue depth are published as metrics every few seconds.
struct WorkerService: Service {
    let worker: SourceWorker
    var metricsInterval: Duration = .seconds(5)

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await worker.run() }
                group.addTask { await publishMetrics() }
                // The worker returning ends the service; the publisher only follows it.
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await worker.stop() }
        }
    }

    private func publishMetrics() async {
        while !Task.isCancelled {
            let org = worker.queue.store.org
            QueueMetrics.publish(org: org, source: worker.source, status: await worker.status())
            if let stats = try? await worker.queue.stats() { QueueMetrics.publish(org: org, stats: stats) }
            try? await Task.sleep(for: metricsInterval)
        }
    }
}
