import ServiceLifecycle

/// Lets a process that already runs a `ServiceGroup` (dealsyncd `--sandbox`) own the sandbox
/// like any other part: it serves from `start` until the group shuts down gracefully.
extension Sandbox: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
