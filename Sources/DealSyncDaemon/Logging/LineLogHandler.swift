import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// swift-log handler writing one line per event:
/// `2026-11-25T22:40:01.123Z info dealsync.daemon service started org.id=acme source.id=sf`.
///
/// Written here because swift-log ships only a plain stream handler with an unstructured
/// format; journald keeps each line as one entry and `key=value` pairs stay greppable.
public struct LineLogHandler: LogHandler {
    /// Where finished lines go. The default writes each line with one `write(2)` to stderr,
    /// which keeps concurrent lines from interleaving.
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: Sink

    public init(label: String, level: Logger.Level = .info, sink: @escaping Sink = LineLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        sink(Self.format(date: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    static func format(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(date.formatted(Self.timestampStyle)) \(level) \(label) \(message.replacingOccurrences(of: "\n", with: " "))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(quoted("\(value)"))"
        }
        return line + "\n"
    }

    /// Quotes values that would otherwise split into several pairs or lines.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static let standardError: Sink = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = write(2, buffer.baseAddress, buffer.count)
        }
    }
}
