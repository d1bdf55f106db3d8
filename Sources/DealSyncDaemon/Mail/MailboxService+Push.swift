import DealSyncCore
import Foundation

/// Push registrations: Gmail `users.watch` on the configured Pub/Sub topic, Graph
/// subscriptions per folder that notify `{public_url}/webhooks/{org}/{source}`. Each is renewed
/// a lead time before it expires (`PushRenewal`); a failure is retried in a few minutes while
/// polling carries on, so a push outage never loses mail, it only delays it.
extension MailboxService {
    func loadPushState() async throws -> PushState? {
        let text = try await engine.store.read { tx in try tx.cursor(source: self.id, object: PushState.cursorObject) }
        return try text.map { try JSONDecoder().decode(PushState.self, from: Data($0.utf8)) }
    }

    private func savePushState() async throws {
        let text = String(decoding: try JSONEncoder().encode(push), as: UTF8.self)
        try await engine.store.write { tx in try tx.setCursor(text, source: self.id, object: PushState.cursorObject) }
    }

    func renewPushIfDue(now: Date) async {
        guard now >= pushRetryAt else { return }
        do {
            switch kind {
            case .gmail:
                guard let topic = mailbox.pubsubTopic, pushToken != nil,
                      PushRenewal.gmail.isDue(expiresAt: push.gmailWatchExpiresAt, now: now) else { return }
                push.gmailWatchExpiresAt = try await watchGmail(topic: topic)
            case .graph:
                guard let publicURL = mailbox.publicURL, let clientState else { return }
                for folder in mailbox.watch {
                    let current = push.graphSubscriptions[folder]
                    guard PushRenewal.graph.isDue(expiresAt: current?.expiresAt, now: now) else { continue }
                    push.graphSubscriptions[folder] = try await subscribeGraph(folder: folder, renewing: current,
                                                                               publicURL: publicURL, clientState: clientState, now: now)
                }
            default:
                return
            }
            try await savePushState()
        } catch {
            pushRetryAt = now.addingTimeInterval(300)
            logger.warning("push registration failed; polling continues", metadata: ["error": "\(error)"])
        }
    }

    /// The configured push token, else the credential document's `webhook_secret`.
    var pushToken: String? { mailbox.pushToken ?? source.credentials["webhook_secret"] }
    var clientState: String? { mailbox.clientState ?? source.credentials["client_state"] }

    private func watchGmail(topic: String) async throws -> Date {
        let body = try JSONSerialization.data(withJSONObject: [
            "topicName": topic, "labelIds": mailbox.watch, "labelFilterBehavior": "include",
        ] as [String: Any])
        let response = try await client.send(.POST, "\(source.baseURL)/gmail/v1/users/me/watch", json: body)
        guard response.status == 200 else { throw PushRegistrationError(call: "users.watch", status: response.status) }
        struct Watch: Decodable { var expiration: String }
        let watch = try JSONDecoder().decode(Watch.self, from: response.body)
        guard let millis = Double(watch.expiration) else { throw PushRegistrationError(call: "users.watch", status: response.status) }
        logger.info("gmail watch registered", metadata: ["expires": "\(Date(timeIntervalSince1970: millis / 1000))"])
        return Date(timeIntervalSince1970: millis / 1000)
    }

    /// PATCHes the expiry of a live subscription; creates one when there is none or Graph no
    /// longer knows it (404).
    private func subscribeGraph(folder: String, renewing current: PushState.GraphSubscription?, publicURL: String,
                                clientState: String, now: Date) async throws -> PushState.GraphSubscription {
        let expiry = PushRenewal.graph.requestedExpiry(now: now)
        let stamp = ISO8601DateFormatter().string(from: expiry)
        if let current {
            let body = try JSONSerialization.data(withJSONObject: ["expirationDateTime": stamp])
            let response = try await client.send(.PATCH, "\(source.baseURL)/v1.0/subscriptions/\(current.id)", json: body)
            if response.status == 200 { return try Self.subscription(response.body, fallback: expiry) }
            guard response.status == 404 else { throw PushRegistrationError(call: "subscription.update", status: response.status) }
        }
        let body = try JSONSerialization.data(withJSONObject: [
            "changeType": "created", "notificationUrl": "\(publicURL)/webhooks/\(org)/\(id)",
            "resource": "me/mailFolders('\(folder)')/messages", "expirationDateTime": stamp, "clientState": clientState,
        ])
        let response = try await client.send(.POST, "\(source.baseURL)/v1.0/subscriptions", json: body)
        guard response.status == 201 || response.status == 200 else {
            throw PushRegistrationError(call: "subscription.create", status: response.status)
        }
        let subscription = try Self.subscription(response.body, fallback: expiry)
        logger.info("graph subscription registered", metadata: ["folder": "\(folder)", "expires": "\(subscription.expiresAt)"])
        return subscription
    }

    private static func subscription(_ body: Data, fallback: Date) throws -> PushState.GraphSubscription {
        struct Subscription: Decodable { var id: String; var expirationDateTime: String? }
        let decoded = try JSONDecoder().decode(Subscription.self, from: body)
        let expires = decoded.expirationDateTime.flatMap { try? Date($0, strategy: .iso8601) } ?? fallback
        return PushState.GraphSubscription(id: decoded.id, expiresAt: expires)
    }

    /// A push delivery for this mailbox: verified, then a wake-up. Returns the refusal, if any.
    func receive(_ delivery: MailPushDelivery) -> MailPushNotice.Refusal? {
        do {
            switch kind {
            case .gmail:
                guard let expected = pushToken else { throw MailPushNotice.Refusal.unauthorized("no push token configured") }
                let notice = try MailPushNotice.gmail(body: delivery.body, token: delivery.token, expected: expected)
                if case .gmail(let emailAddress, _) = notice, let address, emailAddress.lowercased() != address {
                    throw MailPushNotice.Refusal.malformed("push for another mailbox")
                }
            default:
                guard let expected = clientState else { throw MailPushNotice.Refusal.unauthorized("no client_state configured") }
                _ = try MailPushNotice.graph(body: delivery.body, expectedClientState: expected)
            }
        } catch let refusal as MailPushNotice.Refusal {
            metrics.push(accepted: false, org: org, source: id)
            return refusal
        } catch {
            return .malformed("\(type(of: error))")
        }
        metrics.push(accepted: true, org: org, source: id)
        wake()
        return nil
    }
}

/// One push as the HTTP route received it.
struct MailPushDelivery: Sendable {
    /// `?token=` or the bearer token.
    var token: String?
    var body: Data
}

struct PushRegistrationError: Error, CustomStringConvertible {
    var call: String
    var status: Int
    var description: String { "\(call) answered \(status)" }
}
