import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP listener as a `Service`. It marks the start-up gate once the socket is
/// bound, so `READY=1` is never sent before `/healthz` can answer.
enum HTTPServer {
    static func make(
        address: ListenAddress, routes: [any HTTPRouteProvider], gate: StartupGate, logger: Logger
    ) -> some Service {
        let router = Router()
        for provider in routes { provider.addRoutes(to: router) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress.flatMap { a in a.ipAddress.map { "\($0):\(a.port ?? address.port)" } }
                logger.notice("http listening", metadata: [LogKeys.address: "\(bound ?? address.description)"])
                await gate.markReady(.http)
            },
            logger: logger
        )
    }
}
