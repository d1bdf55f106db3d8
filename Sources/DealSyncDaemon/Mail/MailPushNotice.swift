import Foundation

/// What a push delivery to `/webhooks/{org}/{source}` of a mailbox says, read without I/O.
/// A push is only ever a hint to sync now: the watcher reads the mailbox itself, so a forged
/// or replayed notice could at worst cause one extra sync, and is refused before even that.
enum MailPushNotice: Equatable, Sendable {
    /// Gmail via Cloud Pub/Sub: `message.data` is base64 JSON `{emailAddress, historyId}`.
    case gmail(emailAddress: String, historyId: String)
    /// Graph change notifications for these subscriptions.
    case graph(subscriptionIDs: [String])

    enum Refusal: Error, Equatable {
        /// Missing or wrong token / clientState: 401.
        case unauthorized(String)
        /// Not the expected shape: 400.
        case malformed(String)
    }

    /// A Pub/Sub push body. `token` is the `?token=` query value or the bearer token; it must
    /// equal the configured push token.
    static func gmail(body: Data, token: String?, expected: String) throws(Refusal) -> MailPushNotice {
        guard let token, constantTimeEqual(token, expected) else { throw .unauthorized("push token missing or wrong") }
        struct Envelope: Decodable {
            struct Message: Decodable { var data: String? }
            var message: Message
        }
        struct Payload: Decodable {
            var emailAddress: String
            var historyId: HistoryID
        }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body) else {
            throw .malformed("expected a Pub/Sub push body {message: {data}}")
        }
        guard let data = envelope.message.data.flatMap(decodeBase64), let payload = try? JSONDecoder().decode(Payload.self, from: data)
        else { throw .malformed("message.data is not base64 JSON {emailAddress, historyId}") }
        return .gmail(emailAddress: payload.emailAddress, historyId: payload.historyId.value)
    }

    /// A Graph notification collection `{value: [{subscriptionId, clientState, …}]}`. Every item
    /// must carry the configured clientState, else the whole delivery is refused.
    static func graph(body: Data, expectedClientState: String) throws(Refusal) -> MailPushNotice {
        struct Collection: Decodable {
            struct Item: Decodable { var subscriptionId: String?; var clientState: String? }
            var value: [Item]
        }
        guard let collection = try? JSONDecoder().decode(Collection.self, from: body), !collection.value.isEmpty else {
            throw .malformed("expected a change notification collection {value: [...]}")
        }
        for item in collection.value where !constantTimeEqual(item.clientState ?? "", expectedClientState) {
            throw .unauthorized("clientState missing or wrong")
        }
        return .graph(subscriptionIDs: collection.value.compactMap(\.subscriptionId))
    }

    /// Graph's subscription handshake: `?validationToken=…` must be echoed as text/plain.
    static func validationToken(query: [String: String]) -> String? {
        query["validationToken"].flatMap { $0.removingPercentEncoding ?? $0 }
    }

    /// Pub/Sub sends standard base64; accept the URL-safe alphabet and missing padding too.
    static func decodeBase64(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !y.isEmpty else { return false }
        var diff: UInt8 = 0
        for (p, q) in zip(x, y) { diff |= p ^ q }
        return diff == 0
    }

    /// Gmail sends historyId as a number in push data, but as a string elsewhere; take both.
    struct HistoryID: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { value = text } else { value = String(try container.decode(UInt64.self)) }
        }
    }
}
