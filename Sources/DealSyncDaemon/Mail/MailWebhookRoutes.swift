import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Push deliveries for mailbox sources on the same `POST /webhooks/{org}/{source}` path as the
/// CRM webhooks. The router allows one handler per path, so this is a middleware that answers
/// for mailbox keys only and passes everything else on; the daemon adds it before the CRM
/// routes, which a middleware must precede to wrap (see `DaemonEntry`).
///
/// Gmail (Pub/Sub push): the token as `?token=` on the endpoint URL (how a push subscription is
/// usually configured) or `Authorization: Bearer`. Graph: a `?validationToken=` handshake is
/// echoed as text/plain; notifications must carry the configured clientState. A bad token or
/// clientState is 401, a malformed body 400, and neither syncs anything.
struct MailWebhookRoutes: HTTPRouteProvider {
    let lookup: @Sendable (String) async -> MailboxService?
    let logger: Logger

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.add(middleware: MailWebhookMiddleware(lookup: lookup, logger: logger))
    }
}

struct MailWebhookMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let lookup: @Sendable (String) async -> MailboxService?
    let logger: Logger
    static let maxBody = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parts = request.uri.path.split(separator: "/")
        guard request.method == .post, parts.count == 3, parts[0] == "webhooks",
              let service = await lookup("\(parts[1])/\(parts[2])") else {
            return try await next(request, context)
        }
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        if service.kind == .graph, let token = MailPushNotice.validationToken(query: query) {
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: token)))
        }
        let body = try await request.body.collect(upTo: Self.maxBody)
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let delivery = MailPushDelivery(token: query["token"] ?? bearer, body: Data(buffer: body))
        switch await service.receive(delivery) {
        case nil:
            return Response(status: .accepted)
        case .unauthorized(let reason)?:
            logger.warning("mail push refused", metadata: ["source.id": "\(parts[2])", "reason": "\(reason)"])
            return WebhookRoutes.reply(.unauthorized, reason)
        case .malformed(let reason)?:
            logger.warning("mail push malformed", metadata: ["source.id": "\(parts[2])", "reason": "\(reason)"])
            return WebhookRoutes.reply(.badRequest, reason)
        }
    }
}
