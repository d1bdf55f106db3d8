import Foundation

/// One message as the emulated mailbox keeps it: the RFC 822 bytes plus Gmail's metadata.
struct GmailStoredMessage: Sendable {
    var id: String
    var threadId: String
    var labelIds: [String]
    var historyId: Int
    /// Epoch milliseconds.
    var internalDate: Int64
    var raw: Data
}

/// A history record: Gmail keeps one per mailbox change, with increasing (not contiguous) ids.
struct GmailHistoryRecord: Sendable {
    enum Kind: String, Sendable { case messageAdded, messageDeleted, labelAdded, labelRemoved }
    var id: Int
    var kind: Kind
    var messageID: String
    var labelIds: [String]
}

/// The state of one emulated Gmail mailbox: messages, history with a retention horizon (older
/// `startHistoryId`s get the real API's 404), the `users.watch` registration.
struct GmailMailbox: Sendable {
    var emailAddress: String
    var messages: [String: GmailStoredMessage] = [:]
    var history: [GmailHistoryRecord] = []
    var historyId = 1000
    /// History ids below this are expired.
    var oldestHistoryId = 1000
    var watch: (topic: String, labelIds: [String], expiration: Int64)?
    private var nextSerial = 0x18f2_a000_0000

    init(emailAddress: String) { self.emailAddress = emailAddress }

    /// Adds a message and its `messageAdded` history record; ids step by a few, as Gmail's do.
    @discardableResult
    mutating func add(raw: Data, labelIds: [String], threadId: String?, at date: Date) -> GmailStoredMessage {
        nextSerial += 1
        let id = String(nextSerial, radix: 16)
        historyId += 3
        let message = GmailStoredMessage(
            id: id, threadId: threadId ?? id, labelIds: labelIds, historyId: historyId,
            internalDate: Int64(date.timeIntervalSince1970 * 1000), raw: raw)
        messages[id] = message
        history.append(GmailHistoryRecord(id: historyId, kind: .messageAdded, messageID: id, labelIds: labelIds))
        return message
    }

    /// Forgets history older than now, as Gmail does after its retention period: any later
    /// `history.list` from an older id answers 404.
    mutating func expireHistory() {
        oldestHistoryId = historyId
        history.removeAll()
    }

    /// Newest first, as `messages.list` returns them.
    func listed(labelIds: [String], newerThan: Date?) -> [GmailStoredMessage] {
        messages.values
            .filter { message in labelIds.allSatisfy(message.labelIds.contains) }
            .filter { message in newerThan.map { Double(message.internalDate) / 1000 >= $0.timeIntervalSince1970 } ?? true }
            .sorted { ($0.internalDate, $0.id) > ($1.internalDate, $1.id) }
    }
}

extension GmailMailbox {
    /// Seeds realistic threads between each deal's owner and its contacts: an opening
    /// message from the rep and a reply from the customer.
    static func seeded(from world: SeedWorld, now: Date) -> GmailMailbox {
        let owner = world.owners.first ?? SeedOwner(name: "Sandbox Rep", email: "rep@dealsync-sandbox.example")
        var mailbox = GmailMailbox(emailAddress: owner.email)
        let contactsByKey = Dictionary(world.contacts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, deal) in world.deals.prefix(20).enumerated() {
            guard let contactKey = deal.contactKeys.first, let contact = contactsByKey[contactKey] else { continue }
            let sent = now.addingTimeInterval(-Double(20 - index) * 86_400)
            let name = "\(contact.firstName) \(contact.lastName)"
            let opening = GmailMailbox.render(
                from: "\(owner.name) <\(owner.email)>", to: "\(name) <\(contact.email)>", subject: deal.name,
                date: sent, messageID: "seed-\(index)-a@dealsync-sandbox.example", inReplyTo: nil,
                body: "Hi \(contact.firstName),\n\nFollowing up on \(deal.name). Can you confirm the timeline?\n\nBest,\n\(owner.name)\n")
            let first = mailbox.add(raw: opening, labelIds: ["SENT"], threadId: nil, at: sent)
            let reply = GmailMailbox.render(
                from: "\(name) <\(contact.email)>", to: "\(owner.name) <\(owner.email)>", subject: "Re: \(deal.name)",
                date: sent.addingTimeInterval(3600), messageID: "seed-\(index)-b@dealsync-sandbox.example",
                inReplyTo: "seed-\(index)-a@dealsync-sandbox.example",
                body: "Thanks, the timeline works for us. I will send the signed order form next week.\n\n-- \n\(name)\n\(contact.title)\n\(contact.phone)\n")
            mailbox.add(raw: reply, labelIds: ["INBOX", "UNREAD"], threadId: first.threadId, at: sent.addingTimeInterval(3600))
        }
        return mailbox
    }

    static func render(from: String, to: String, subject: String, date: Date, messageID: String, inReplyTo: String?, body: String) -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss '+0000'"
        var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(formatter.string(from: date))",
                     "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        let text = lines.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")
        return Data(text.utf8)
    }
}
