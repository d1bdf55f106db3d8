import Foundation

/// One emulated Outlook inbox: messages as Graph shows them, and a change log that delta
/// tokens point into. Invalidating the log (the sandbox's "token aged out") makes every older
/// token answer 410 `syncStateNotFound`.
struct GraphMailbox: Sendable {
    var address: String
    var name: String
    var messages: [String: JSONValue] = [:]
    var received: [String: Date] = [:]
    /// (sequence, message id, removed) in order.
    var changes: [(seq: Int, id: String, removed: Bool)] = []
    var seq = 0
    /// Delta tokens below this are gone.
    var oldestValidSeq = 0
    private var serial = 0

    init(address: String, name: String) {
        self.address = address
        self.name = name
    }

    @discardableResult
    mutating func add(from: (name: String, address: String), subject: String, body: String, contentType: String, at date: Date) -> JSONValue {
        serial += 1
        seq += 1
        let id = "AAMkADNk\(String(format: "%08d", serial))"
        let stamp = ISO8601DateFormatter().string(from: date)
        let message: JSONValue = .object([
            "@odata.type": "#microsoft.graph.message", "@odata.etag": .string("W/\"CQAAAB\(seq)\""),
            "id": .string(id), "subject": .string(subject), "isRead": false, "isDraft": false,
            "receivedDateTime": .string(stamp), "sentDateTime": .string(stamp), "createdDateTime": .string(stamp),
            "lastModifiedDateTime": .string(stamp), "internetMessageId": .string("<\(id.lowercased())@sandbox.outlook.example>"),
            "conversationId": .string("AAQkAD\(serial)"), "hasAttachments": false, "parentFolderId": "inbox",
            "bodyPreview": .string(String(body.prefix(255))),
            "body": .object(["contentType": .string(contentType), "content": .string(body)]),
            "from": recipient(from.name, from.address), "sender": recipient(from.name, from.address),
            "toRecipients": .array([recipient(name, address)]), "ccRecipients": .array([]),
        ])
        messages[id] = message
        received[id] = date
        changes.append((seq, id, false))
        return message
    }

    mutating func invalidateTokens() { oldestValidSeq = seq + 1 }

    private func recipient(_ name: String, _ address: String) -> JSONValue {
        .object(["emailAddress": .object(["name": .string(name), "address": .string(address)])])
    }

    static func seeded(from world: SeedWorld, now: Date) -> GraphMailbox {
        let owner = world.owners.dropFirst().first ?? world.owners.first ?? SeedOwner(name: "Sandbox Rep", email: "rep@dealsync-sandbox.example")
        var mailbox = GraphMailbox(address: owner.email, name: owner.name)
        let contacts = Dictionary(world.contacts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, deal) in world.deals.prefix(15).enumerated() {
            guard let key = deal.contactKeys.first, let contact = contacts[key] else { continue }
            mailbox.add(from: ("\(contact.firstName) \(contact.lastName)", contact.email), subject: "RE: \(deal.name)",
                        body: "<div>Thanks for the proposal for \(deal.name). Could you send the updated quote?</div><div>-- </div><div>\(contact.firstName) \(contact.lastName)</div><div>\(contact.title)</div>",
                        contentType: "html", at: now.addingTimeInterval(-Double(15 - index) * 86_400))
        }
        return mailbox
    }
}
