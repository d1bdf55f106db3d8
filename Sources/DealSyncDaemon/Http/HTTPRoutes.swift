import Hummingbird

/// A set of routes mounted on the daemon's HTTP listener. Health and metrics are one; webhook
/// receivers (`/webhooks/{org}/{source}`) add their own provider in `buildDaemon`.
public protocol HTTPRouteProvider: Sendable {
    func addRoutes(to router: Router<BasicRequestContext>)
}
