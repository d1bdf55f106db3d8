import DealSyncMail
import Foundation

/// Message files under Tests/DealSyncMailTests/Fixtures (made by hand; the hostile ones
/// that would be too large to keep in git are built in the tests).
enum MailFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func parse(_ name: String, limits: MIMELimits = MIMELimits()) throws -> ParsedMessage {
        MessageParser(limits: limits).parse(try bytes(name))
    }

    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }
}
