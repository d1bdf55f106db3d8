import DealSyncControl
import Testing

@Suite("Line framing")
struct LineFramerTests {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test("a line split over many reads comes out whole, once")
    func splitLine() {
        var framer = LineFramer(maxLineBytes: 64)
        #expect(framer.feed(bytes("{\"id\":1,")).isEmpty)
        #expect(framer.feed(bytes("\"cmd\":\"status\"")).isEmpty)
        #expect(framer.feed(bytes("}\n")) == [.line(bytes("{\"id\":1,\"cmd\":\"status\"}"))])
        #expect(framer.pendingByteCount == 0)
    }

    @Test("several lines in one read, CRLF and blank lines")
    func manyLines() {
        var framer = LineFramer(maxLineBytes: 64)
        let events = framer.feed(bytes("a\r\n\n\nb\nc"))
        #expect(events == [.line(bytes("a")), .line(bytes("b"))])
        #expect(framer.pendingByteCount == 1)
        #expect(framer.feed(bytes("\n")) == [.line(bytes("c"))])
    }

    @Test("a line of exactly the limit passes; one byte more is oversized")
    func limitBoundary() {
        var framer = LineFramer(maxLineBytes: 8)
        #expect(framer.feed(bytes("12345678\n")) == [.line(bytes("12345678"))])
        #expect(framer.feed(bytes("123456789\nok\n")) == [.oversized, .line(bytes("ok"))])
    }

    @Test("an oversized line is reported once, skipped without buffering, and the next line works")
    func oversizedAcrossReads() {
        var framer = LineFramer(maxLineBytes: 32)
        var events: [LineFramer.Event] = []
        events += framer.feed(bytes("01234567890123456789"))
        events += framer.feed(bytes("01234567890123456789"))
        #expect(events == [.oversized])
        #expect(framer.isDiscarding)
        for _ in 0..<1000 {
            #expect(framer.feed([UInt8](repeating: 0x41, count: 4096)).isEmpty)
            #expect(framer.pendingByteCount == 0)
        }
        #expect(framer.feed(bytes("tail\n{\"cmd\":\"version\"}\n")) == [.line(bytes("{\"cmd\":\"version\"}"))])
        #expect(!framer.isDiscarding)
    }

    @Test("a 1 MiB + 1 request followed by a valid one, in one read")
    func defaultLimit() {
        var framer = LineFramer()
        var input = [UInt8](repeating: 0x20, count: LineFramer.defaultMaxLineBytes + 1)
        input += bytes("\n{\"cmd\":\"status\"}\n")
        #expect(framer.feed(input) == [.oversized, .line(bytes("{\"cmd\":\"status\"}"))])
    }

    @Test("an unfinished line stays pending and is never emitted")
    func unfinishedLine() {
        var framer = LineFramer(maxLineBytes: 64)
        #expect(framer.feed(bytes("{\"cmd\":\"sta")).isEmpty)
        #expect(framer.pendingByteCount == 11)
    }
}
