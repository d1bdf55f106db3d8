import DealSyncConnectors
import DealSyncCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /webhooks/{org}/{source}`: the body is authenticated by the source's connector and only
/// ever taken as a hint of what to fetch. Bad signature: 401, malformed: 400; nothing changes.
struct WebhookRoutes: HTTPRouteProvider {
    struct Receiver: Sendable {
        let connector: any CRMConnector
        let poller: SourcePoller
    }

    let lookup: @Sendable (String) async -> Receiver?
    /// `public_url` in force, read per delivery so a reload applies at once.
    let publicURL: @Sendable () async -> String?
    let logger: Logger
    static let maxBody = 4 << 20

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/webhooks/:org/:source") { request, context -> Response in
            let org = context.parameters.get("org") ?? "", source = context.parameters.get("source") ?? ""
            guard let receiver = await lookup("\(org)/\(source)") else {
                return Self.reply(.notFound, "no webhook receiver for \(org)/\(source)")
            }
            let body = try await request.body.collect(upTo: Self.maxBody)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            // HubSpot signs the URL as called: behind a proxy that is `public_url`; otherwise
            // HTTP/1 `Host`, which arrives as the request's authority.
            let host = request.head.authority ?? headers["host"] ?? "localhost"
            let base = await publicURL() ?? "http://\(host)"
            let delivery = WebhookDelivery(method: request.method.rawValue, url: base + request.uri.description,
                                           headers: headers, body: Data(buffer: body))
            do {
                let hints = try receiver.connector.parseWebhook(delivery, now: Date())
                for hint in hints { await receiver.poller.hint(hint) }
                return Self.reply(.accepted, "\(hints.count) change hints")
            } catch let error as SyncError {
                logger.warning("webhook rejected", metadata: ["org.id": "\(org)", "source.id": "\(source)", "code": "\(error.code)"])
                return Self.reply(error.kind == .auth ? .unauthorized : .badRequest, error.message)
            }
        }
    }

    static func reply(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let json = "{\"status\":\(status.code),\"message\":\"\(message.replacingOccurrences(of: "\"", with: "'"))\"}"
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
