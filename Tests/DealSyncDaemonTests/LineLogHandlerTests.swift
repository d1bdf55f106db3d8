import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

@Suite("Structured log lines")
struct LineLogHandlerTests {
    @Test("one line: timestamp, level, label, message, then sorted key=value pairs")
    func format() {
        let line = LineLogHandler.format(
            date: Date(timeIntervalSince1970: 0), level: .notice, label: "dealsync.daemon", message: "source paused",
            metadata: ["source.id": "sf", "org.id": "acme", "reason": "asked by ops"])
        #expect(line == #"1970-01-01T00:00:00.000Z notice dealsync.daemon source paused org.id=acme reason="asked by ops" source.id=sf"# + "\n")
    }

    @Test("values with newlines, quotes or = cannot split a line or forge a pair")
    func quoting() {
        #expect(LineLogHandler.quoted("a\nb") == #""a\nb""#)
        #expect(LineLogHandler.quoted(#"say "hi""#) == #""say \"hi\"""#)
        #expect(LineLogHandler.quoted("x=1") == #""x=1""#)
        #expect(LineLogHandler.quoted("") == #""""#)
        let line = LineLogHandler.format(
            date: Date(), level: .info, label: "l", message: "two\nlines", metadata: ["k": "v\nfake=1"])
        #expect(line.filter { $0 == "\n" }.count == 1)
    }

    @Test("bound org and source metadata appear on every line of a unit of work")
    func scopedLogger() {
        let capture = LogCapture()
        let logger = capture.logger().scoped(org: "acme", source: "hub")
        logger.info("pulled")
        #expect(capture.text.contains("org.id=acme source.id=hub"))
    }
}
