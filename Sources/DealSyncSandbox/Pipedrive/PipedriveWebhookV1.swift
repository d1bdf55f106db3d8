import Foundation

/// Webhooks v1 bodies, for subscriptions created with `version: "1.0"`:
/// `{"v":1,"event":"updated.deal","meta":{…},"retry":0,"current":{…},"previous":{…}}` with the
/// v1 object shapes (flat ids) and the whole previous object.
extension PipedriveState {
    func deliveries(for change: PipedriveChange) -> [PipedriveWebhookDelivery] {
        webhooks.deliveries(for: change) { hook in v1WebhookBody(change, hook: hook) }
    }

    private func v1WebhookBody(_ change: PipedriveChange, hook: PipedriveWebhook) -> JSONValue {
        let action: String = switch change.action {
        case .create: "added"
        case .change: "updated"
        case .delete: "deleted"
        }
        let seconds = change.at.timeIntervalSince1970
        let meta: JSONValue = [
            "v": 1, "action": .string(action), "object": .string(change.entity.rawValue), "id": .number(Double(change.entityID)),
            "company_id": .number(Double(PipedriveCompany.companyID)), "user_id": .number(Double(change.userID)),
            "host": .string(PipedriveCompany.host), "timestamp": .number(seconds.rounded(.down)),
            "timestamp_micro": .number((seconds * 1_000_000).rounded(.down)), "permitted_user_ids": [.number(Double(hook.userID))],
            "trans_pending": false, "is_bulk_update": false, "pipedrive_service_name": false,
            "change_source": .string(change.source.rawValue), "matches_filters": ["current": []],
            "webhook_id": .string(String(hook.id)), "webhook_owner_id": .number(Double(hook.userID)),
        ]
        return ["v": 1, "event": .string("\(action).\(change.entity.rawValue)"), "meta": meta, "retry": 0,
                "current": change.after.map { v1(change.entity, $0, flat: true) } ?? .null,
                "previous": change.before.map { v1(change.entity, $0, flat: true) } ?? .null,
                "matches_filters": ["current": [], "previous": []]]
    }
}
