import Crypto
import DealSyncCore
import Foundation

extension HubSpotConnector {
    /// Verifies `X-HubSpot-Signature-v3` (HMAC-SHA256 over method + URI + body + timestamp,
    /// base64) in constant time and within a 5-minute window, then turns events into hints.
    public func parseWebhook(_ delivery: WebhookDelivery, now: Date) throws -> [ChangeHint] {
        guard let secret = webhookSecret else {
            throw SyncError(.auth, code: "hubspot.webhook_unconfigured", message: "no webhook_secret configured for this source")
        }
        guard let signature = delivery.headers["x-hubspot-signature-v3"],
              let timestamp = delivery.headers["x-hubspot-request-timestamp"], let ms = Double(timestamp) else {
            throw SyncError(.auth, code: "hubspot.webhook_unsigned", message: "missing v3 signature headers")
        }
        guard abs(now.timeIntervalSince1970 * 1000 - ms) <= 300_000 else {
            throw SyncError(.auth, code: "hubspot.webhook_stale", message: "request timestamp outside the 5-minute window")
        }
        let expected = Self.signatureV3(secret: secret, method: delivery.method, uri: delivery.url,
                                        body: delivery.body, timestamp: timestamp)
        guard let given = Data(base64Encoded: signature), ConstantTime.equal(given, expected) else {
            throw SyncError(.auth, code: "hubspot.webhook_bad_signature", message: "v3 signature does not match")
        }
        let events: [HubSpotWire.WebhookEvent]
        do {
            events = try JSONDecoder().decode([HubSpotWire.WebhookEvent].self, from: delivery.body)
        } catch {
            throw SyncError(.validation, code: "hubspot.webhook_malformed", message: "body is not an array of events")
        }
        return events.compactMap { event in
            let parts = event.subscriptionType.split(separator: ".")
            guard parts.count == 2, let kind = Self.kind(String(parts[0])), let id = event.objectId else { return nil }
            return ChangeHint(kind: kind, externalID: String(id), deleted: parts[1] == "deletion")
        }
    }

    static func kind(_ object: String) -> RecordKind? {
        switch object {
        case "deal": .deal
        case "contact": .contact
        case "company": .company
        default: nil
        }
    }

    /// The URI is hashed as called, with only these escapes decoded (HubSpot's SDKs do the same).
    static func signatureV3(secret: String, method: String, uri: String, body: Data, timestamp: String) -> Data {
        var decoded = uri
        for (escape, char) in [("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
                               ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";")] {
            decoded = decoded.replacingOccurrences(of: escape, with: char, options: .caseInsensitive)
        }
        var message = Data((method.uppercased() + decoded).utf8)
        message.append(body)
        message.append(Data(timestamp.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))))
    }
}
