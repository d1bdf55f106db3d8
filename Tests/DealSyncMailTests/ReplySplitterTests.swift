import DealSyncMail
import Testing

@Suite("Quoted replies and signatures")
struct ReplySplitterTests {
    @Test("Gmail reply: attribution wrapped on two lines, > quotes, sign-off signature")
    func gmailReply() throws {
        let message = try MailFixtures.parse("reply-gmail.eml")
        #expect(message.newText == "Thanks Anna, I will send the signed order form tomorrow.")
        #expect(message.signature.hasPrefix("Best regards,\nBob Lee\nDirector of Procurement"))
        #expect(message.quotedText.contains("very unhappy"))
        #expect(message.inReplyTo == "abc123@northwind.example")
        #expect(message.references == ["root@northwind.example", "abc123@northwind.example"])
    }

    @Test("Outlook reply: rule, From:/Sent: block")
    func outlookReply() throws {
        let message = try MailFixtures.parse("reply-outlook.eml")
        #expect(message.newText == "Happy to move forward.")
        #expect(message.signature == "Thanks,\nCarol")
        #expect(message.quotedText.contains("angry"))
    }

    @Test("dash-dash-space signature")
    func dashSignature() throws {
        let message = try MailFixtures.parse("plain-utf8.eml")
        #expect(message.newText == "Hi Bob,\n\nGrüße aus München — the quote looks great.")
        #expect(message.signature == "Anna Müller\nVP Sales, Northwind\n+49 89 1234 5678")
    }

    @Test("inline replies between quotes stay new text")
    func inlineReply() {
        let parts = ReplySplitter.split("> Can you do 10%?\nYes, we can.\n> And by Friday?\nFriday works.")
        #expect(parts.newText == "Yes, we can.\nFriday works.")
        #expect(parts.quoted == "> Can you do 10%?\n> And by Friday?")
    }

    @Test("a closing 'Thanks!' with nothing after it is text, not a signature")
    func trailingThanks() {
        let parts = ReplySplitter.split("Hi,\n\nGot it.\n\nThanks!")
        #expect(parts.newText == "Hi,\n\nGot it.\n\nThanks!")
        #expect(parts.signature.isEmpty)
    }

    @Test("forwarded message separators start the history")
    func forwarded() {
        let parts = ReplySplitter.split("FYI\n\n---------- Forwarded message ---------\nFrom: x@y\nhello")
        #expect(parts.newText == "FYI")
        #expect(parts.quoted.hasPrefix("---------- Forwarded"))
    }
}
