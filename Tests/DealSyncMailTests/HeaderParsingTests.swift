import DealSyncMail
import Foundation
import Testing

@Suite("RFC 5322 headers")
struct HeaderParsingTests {
    @Test("folded subject with B and Q encoded words decodes and joins adjacent words")
    func encodedWordsAndFolding() throws {
        let message = try MailFixtures.parse("plain-utf8.eml")
        #expect(message.subject == "Preise für 2025 and renewal")
        #expect(message.from == [MailAddress(name: "Anna Müller", address: "Anna.Mueller@northwind.example")])
        #expect(message.messageID == "abc123@northwind.example")
        #expect(message.flags.isEmpty)
        // 10:52:37 +0200 is 08:52:37 UTC.
        #expect(message.date == Date(timeIntervalSince1970: 1_751_359_957))
    }

    @Test("address lists: quoted names with commas, comments, groups, empty groups")
    func addressLists() throws {
        let plain = try MailFixtures.parse("plain-utf8.eml")
        #expect(plain.to == [
            MailAddress(name: "Lee, Bob", address: "bob@contoso.example"),
            MailAddress(name: "Carol Diaz", address: "carol@contoso.example"),
        ])
        let grouped = try MailFixtures.parse("attachments.eml")
        #expect(grouped.to == [
            MailAddress(name: nil, address: "a@contoso.example", group: "Team"),
            MailAddress(name: "B, Person", address: "b@contoso.example", group: "Team"),
            MailAddress(name: nil, address: "c@contoso.example"),
        ])
        #expect(grouped.cc.isEmpty)
    }

    @Test("encoded word edge cases", arguments: [
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=  plain =?utf-8?q?b?=", "a  plain b"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        ("=?windows-1252?B?k2hplA==?=", "“hi”"),
        ("=?utf-8*en?Q?hello?=", "hello"),
        ("no words at all", "no words at all"),
        ("=?broken", "=?broken"),
    ])
    func encodedWords(raw: String, expected: String) {
        #expect(EncodedWords.decode(raw).text == expected)
    }

    @Test("an encoded word with bad base64 is decoded leniently and flagged")
    func badEncodedWord() {
        let (_, flags) = EncodedWords.decode("=?utf-8?B?SGV*sbG8=?=")
        #expect(flags.contains(.badEncoding))
    }

    @Test("dates in the forms mailers send", arguments: [
        ("Tue, 1 Jul 2025 10:52:37 +0200", 1_751_359_957.0),
        ("1 Jul 2025 08:52:37 GMT", 1_751_359_957.0),
        ("Tue, 01 Jul 25 01:52:37 PDT", 1_751_359_957.0),
        ("Tue, 1 Jul 2025 08:52 +0000 (UTC)", 1_751_359_920.0),
    ])
    func dates(raw: String, epoch: Double) {
        #expect(MailDate.parse(raw) == Date(timeIntervalSince1970: epoch))
    }

    @Test("a date that is not one gives nil, not a crash")
    func badDate() {
        #expect(MailDate.parse("yesterday-ish") == nil)
        #expect(MailDate.parse("Tue, 99 Foo 2025 99:99:99") == nil)
    }
}
