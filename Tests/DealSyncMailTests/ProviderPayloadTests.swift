import DealSyncMail
import Foundation
import Testing

@Suite("Gmail and Graph payloads")
struct ProviderPayloadTests {
    static func base64url(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test("Gmail format=full: part tree, base64url bodies, charset from the part, attachment kept by size")
    func gmailFull() throws {
        let json = """
            {"id":"18f2a","threadId":"18f2a","labelIds":["INBOX"],"historyId":"9880","internalDate":"1714557600000",
             "sizeEstimate":5120,
             "payload":{"partId":"","mimeType":"multipart/mixed","filename":"",
               "headers":[{"name":"From","value":"=?UTF-8?Q?Ann_L=C3=A9e?= <ann@northwind.example>"},
                          {"name":"To","value":"sam@contoso.example"},{"name":"Subject","value":"Pricing"},
                          {"name":"Message-ID","value":"<m1@northwind.example>"}],
               "body":{"size":0},
               "parts":[{"partId":"0","mimeType":"multipart/alternative","filename":"","body":{"size":0},
                         "parts":[{"partId":"0.0","mimeType":"text/plain","filename":"",
                                   "headers":[{"name":"Content-Type","value":"text/plain; charset=ISO-8859-1"}],
                                   "body":{"size":6,"data":"Q2Fm6SE"}},
                                  {"partId":"0.1","mimeType":"text/html","filename":"","body":{"size":12,"data":"\(Self.base64url("<p>Caf</p>"))"}}]},
                        {"partId":"1","mimeType":"application/pdf","filename":"q.pdf",
                         "body":{"attachmentId":"ANGjdJ","size":20480}}]}}
            """
        let message = try JSONDecoder().decode(GmailMessage.self, from: Data(json.utf8))
        let parsed = MessageParser().parse(gmail: message)
        #expect(parsed.from == [MailAddress(name: "Ann Lée", address: "ann@northwind.example")])
        #expect(parsed.text == "Café!")
        #expect(parsed.attachments == [AttachmentInfo(filename: "q.pdf", mimeType: "application/pdf", size: 20480)])
        #expect(parsed.messageID == "m1@northwind.example")
        #expect(parsed.flags.isEmpty)
    }

    @Test("Gmail format=raw goes through the MIME parser")
    func gmailRaw() throws {
        let raw = Self.base64url("From: a@northwind.example\r\nSubject: hi\r\n\r\nHello there\r\n")
        let message = try JSONDecoder().decode(GmailMessage.self, from: Data(#"{"id":"1","raw":"\#(raw)"}"#.utf8))
        let parsed = MessageParser().parse(gmail: message)
        #expect(parsed.subject == "hi")
        #expect(parsed.newText == "Hello there")
    }

    @Test("Graph message: recipients, HTML body, attachments, dates")
    func graph() throws {
        let json = """
            {"id":"AAMk","subject":"RE: Renewal","internetMessageId":"<g1@fabrikam.example>",
             "from":{"emailAddress":{"name":"Dana \\"DJ\\" Swope","address":"danas@fabrikam.example"}},
             "toRecipients":[{"emailAddress":{"name":"Sam","address":"sam@contoso.example"}}],
             "ccRecipients":[],"sentDateTime":"2024-05-01T10:00:00Z",
             "body":{"contentType":"html","content":"<div>We are in.</div><div>-- </div><div>Dana</div><div>CFO</div>"},
             "attachments":[{"name":"po.pdf","contentType":"application/pdf","size":1234}]}
            """
        let message = try JSONDecoder().decode(GraphMessage.self, from: Data(json.utf8))
        let parsed = MessageParser().parse(graph: message)
        #expect(parsed.from == [MailAddress(name: "Dana 'DJ' Swope", address: "danas@fabrikam.example")])
        #expect(parsed.to.map(\.address) == ["sam@contoso.example"])
        #expect(parsed.newText == "We are in.")
        #expect(parsed.signature == "Dana\nCFO")
        #expect(parsed.attachments.first?.size == 1234)
        #expect(parsed.date == Date(timeIntervalSince1970: 1_714_557_600))
    }
}
