import DealSyncMail
import Foundation
import Testing

/// Malformed and hostile input: every one yields a flagged message with what could be read,
/// and none crashes or takes unbounded time.
@Suite("Malformed and hostile messages")
struct HostileMessageTests {
    @Test("every fixture parses without a crash", arguments: MailFixtures.all)
    func everyFixtureParses(name: String) throws {
        let message = try MailFixtures.parse(name)
        #expect(message.sizeBytes > 0)
    }

    @Test("1000 nested multiparts stop at the depth limit, flagged too_deep")
    func deepNesting() throws {
        let message = try MailFixtures.parse("deep-nesting.eml")
        #expect(message.flags.contains(.tooDeep))
        #expect(message.from.first?.address == "deep@bad.example")
    }

    @Test("nesting within the limit reaches the bottom text")
    func nestingWithinLimit() throws {
        let message = try MailFixtures.parse("deep-nesting.eml", limits: MIMELimits(maxParts: 5000, maxDepth: 1001))
        #expect(message.text == "bottom")
        #expect(!message.flags.contains(.tooDeep))
    }

    @Test("a 10 MB header line is cut, flagged, and the body is still found")
    func hugeHeaderLine() {
        var raw = Array("From: a@b.example\r\nX-Huge: ".utf8)
        raw += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        raw += Array("\r\nSubject: after\r\n\r\nbody text\r\n".utf8)
        let started = ContinuousClock.now
        let message = MessageParser().parse(raw)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(message.flags.contains(.headerTooLong))
        // The limit counts the whole line, name included.
        #expect(message.headers["X-Huge"]?.utf8.count == MIMELimits().maxHeaderValueBytes - "X-Huge: ".utf8.count)
        #expect(message.subject == "after")
        #expect(message.text.trimmingCharacters(in: .whitespacesAndNewlines) == "body text")
    }

    @Test("a message over the size limit is truncated and flagged")
    func oversized() {
        let raw = Array("Subject: big\n\n".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 4096)
        let message = MessageParser(limits: MIMELimits(maxMessageBytes: 1024)).parse(raw)
        #expect(message.flags.contains(.truncated))
        #expect(message.text.count == 1024 - "Subject: big\n\n".utf8.count)
        #expect(message.sizeBytes == raw.count)
    }

    @Test("too many parts: flagged, the first parts kept")
    func tooManyParts() {
        var raw = "Content-Type: multipart/mixed; boundary=x\n\n"
        for index in 0..<50 { raw += "--x\nContent-Type: text/plain\n\npart \(index)\n" }
        raw += "--x--\n"
        let message = MessageParser(limits: MIMELimits(maxParts: 10)).parse(Array(raw.utf8))
        #expect(message.flags.contains(.tooManyParts))
        #expect(message.text.hasPrefix("part 0"))
        #expect(!message.text.contains("part 20"))
    }

    @Test("bad base64 is decoded leniently and flagged bad_encoding")
    func badBase64() throws {
        let message = try MailFixtures.parse("bad-base64.eml")
        #expect(message.flags.contains(.badEncoding))
        #expect(message.text.hasPrefix("Hello "))
    }

    @Test("an unknown charset is guessed and flagged")
    func unknownCharset() throws {
        let message = try MailFixtures.parse("unknown-charset.eml")
        #expect(message.flags.contains(.unknownCharset))
        #expect(message.text.hasPrefix("café ok"))
        #expect(message.subject == "café")
    }

    @Test("a multipart without boundary is read as text and flagged")
    func missingBoundary() throws {
        let message = try MailFixtures.parse("missing-boundary.eml")
        #expect(message.flags.contains(.missingBoundary))
        #expect(message.text.contains("Just some text"))
    }

    @Test("a multipart cut before its close delimiter keeps its parts and is flagged")
    func unterminated() throws {
        let message = try MailFixtures.parse("unterminated-multipart.eml")
        #expect(message.flags.contains(.truncated))
        #expect(message.text == "first part\n\nsecond part cut off mid-")
    }

    @Test("random bytes and empty input do not crash")
    func garbage() throws {
        _ = try MailFixtures.parse("garbage.bin.eml")
        let empty = MessageParser().parse([UInt8]())
        #expect(empty.text.isEmpty)
        let headersOnly = try MailFixtures.parse("no-body-no-blank.eml")
        #expect(headersOnly.subject == "headers only")
    }

    @Test("deterministic fuzz: mutated fixtures never crash")
    func mutationFuzz() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let seeds = try ["attachments.eml", "reply-gmail.eml", "html-only.eml", "alternative-qp-latin1.eml"].map(MailFixtures.bytes)
        let parser = MessageParser(limits: MIMELimits(maxParts: 50, maxDepth: 8))
        for round in 0..<400 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(next() % 12)) where !bytes.isEmpty {
                let position = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(contentsOf: Array("--outer\n=?utf-8?B?".utf8), at: position)
                }
            }
            _ = parser.parse(bytes)
        }
    }
}
