import DealSyncMail
import Foundation
import Testing

@Suite("MIME bodies")
struct BodyDecodingTests {
    @Test("multipart/alternative prefers text/plain; quoted-printable soft breaks; ISO-8859-1")
    func alternativeQuotedPrintable() throws {
        let message = try MailFixtures.parse("alternative-qp-latin1.eml")
        #expect(message.text == "Bonjour, le devis est très clair. Merci d'avance pour votre réponse rapide.")
        #expect(message.flags.isEmpty)
    }

    @Test("Windows-1252 0x80–0x9F map to the right characters")
    func windows1252() throws {
        let message = try MailFixtures.parse("windows-1252.eml")
        #expect(message.text.trimmingCharacters(in: .whitespacesAndNewlines) == "“Great” news – we’re in. Price: €120k…")
    }

    @Test("HTML: scripts, styles, head and comments dropped; entities; blocks break lines; blockquote is quoted")
    func htmlToText() throws {
        let message = try MailFixtures.parse("html-only.eml")
        #expect(message.text == """
            Hello team,
            Can you send the contract by Friday? It’s urgent & important.
            - Item one
            - Item two
            Line
            break
            > Earlier quoted text
            """)
        #expect(message.newText.contains("contract by Friday"))
        #expect(!message.newText.contains("Earlier quoted"))
        #expect(!message.text.contains("alert"))
        #expect(!message.text.contains("color"))
    }

    @Test("attachments keep names (RFC 2231 too) and decoded sizes; nested text is found")
    func attachments() throws {
        let message = try MailFixtures.parse("attachments.eml")
        #expect(message.text == "See attached.")
        #expect(message.attachments == [
            AttachmentInfo(filename: "quote.pdf", mimeType: "application/pdf", size: 256 * 40),
            AttachmentInfo(filename: "naïve plan.xlsx", mimeType: "application/octet-stream", size: 3),
        ])
        #expect(message.flags.isEmpty)
    }

    @Test("base64 decoder: standard, url-safe, unpadded, whitespace")
    func base64() {
        #expect(TransferDecoding.base64(Array("SGVs\r\nbG8=".utf8)) == (Array("Hello".utf8), true))
        #expect(TransferDecoding.base64(Array("-_8".utf8)).bytes == [0xFB, 0xFF])
        #expect(TransferDecoding.base64(Array("SGVsbG8".utf8)) == (Array("Hello".utf8), true))
        #expect(TransferDecoding.base64(Array("SGVsbG8=!".utf8)).valid == false)
    }

    @Test("quoted-printable: hex, soft breaks, invalid escapes kept literally")
    func quotedPrintable() {
        #expect(TransferDecoding.quotedPrintable(Array("a=3Db=\r\nc".utf8)) == (Array("a=bc".utf8), true))
        let broken = TransferDecoding.quotedPrintable(Array("50=ZZ off".utf8))
        #expect(broken.bytes == Array("50=ZZ off".utf8))
        #expect(broken.valid == false)
    }
}
