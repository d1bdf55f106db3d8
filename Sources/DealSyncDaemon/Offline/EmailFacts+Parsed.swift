import DealSyncHooks
import DealSyncMail

extension EmailFacts {
    /// The facts enrichment reads from a parsed message. Lives in the daemon because it is the
    /// one place that sees both the mail parser and the hooks (DESIGN §3).
    public init(_ message: ParsedMessage) {
        func people(_ addresses: [MailAddress], _ role: Role) -> [Participant] {
            addresses.map { Participant(name: $0.name, address: $0.address, role: role) }
        }
        let participants = people(message.from, .from) + people(message.to, .to) + people(message.cc, .cc)
            + people(message.bcc, .bcc) + people(message.replyTo, .replyTo)
        let rawAddresses = ["From", "To", "Cc", "Bcc", "Reply-To"].flatMap { message.headers.all($0) }
        self.init(
            participants: participants,
            subject: message.subject,
            newText: message.newText,
            signature: message.signature,
            rawAddressText: rawAddresses.joined(separator: "\n"),
            sentAt: message.date
        )
    }
}
