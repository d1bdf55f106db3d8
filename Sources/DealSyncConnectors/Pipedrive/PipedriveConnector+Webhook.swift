import DealSyncCore
import Foundation

extension PipedriveConnector {
    struct WebhookBody: Decodable {
        struct Meta: Decodable {
            var action: String
            var entity: String
            var entity_id: RemoteValue
        }
        var meta: Meta
    }

    /// Pipedrive signs nothing: deliveries carry HTTP Basic credentials configured on the webhook.
    public nonisolated func parseWebhook(_ delivery: WebhookDelivery, now: Date) throws -> [ChangeHint] {
        guard let user = webhookUser, let password = webhookPassword else {
            throw SyncError(.auth, code: "pipedrive.webhook_unconfigured", message: "no webhook_user/webhook_password configured")
        }
        let expected = Data(("Basic " + Data("\(user):\(password)".utf8).base64EncodedString()).utf8)
        guard let given = delivery.headers["authorization"], ConstantTime.equal(Data(given.utf8), expected) else {
            throw SyncError(.auth, code: "pipedrive.webhook_bad_credentials", message: "basic auth does not match")
        }
        let body: WebhookBody
        do {
            body = try JSONDecoder().decode(WebhookBody.self, from: delivery.body)
        } catch {
            throw SyncError(.validation, code: "pipedrive.webhook_malformed", message: "body is not a v2 webhook payload")
        }
        let kind: RecordKind? = switch body.meta.entity {
        case "deal": .deal
        case "person": .contact
        case "organization": .company
        default: nil
        }
        guard let kind, let id = body.meta.entity_id.stringValue else { return [] }
        return [ChangeHint(kind: kind, externalID: id, deleted: body.meta.action == "delete")]
    }
}
