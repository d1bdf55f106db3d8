/// Splits a byte stream into newline-terminated lines with a hard size limit, for both ends of
/// the control socket. A line longer than the limit is reported once as `.oversized` and then
/// skipped up to its newline without being kept: memory stays bounded by the limit whatever a
/// peer sends. Pure: it owns no socket, so each edge case is a unit test.
public struct LineFramer: Sendable {
    public enum Event: Sendable, Hashable {
        /// A complete line without its newline (a trailing `\r` is dropped too).
        case line([UInt8])
        /// A line exceeded `maxLineBytes`; its bytes up to the next newline are discarded.
        case oversized
    }

    /// 1 MiB: the request limit of the control protocol.
    public static let defaultMaxLineBytes = 1 << 20

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    public init(maxLineBytes: Int = LineFramer.defaultMaxLineBytes) {
        precondition(maxLineBytes > 0, "maxLineBytes must be positive")
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes of an unfinished line held so far (never more than `maxLineBytes`).
    public var pendingByteCount: Int { buffer.count }

    /// Whether the framer is skipping the rest of an oversized line.
    public var isDiscarding: Bool { discarding }

    /// Consumes `bytes` and returns the lines (and oversize reports) they complete, in order.
    /// Blank lines are ignored.
    public mutating func feed<C: Collection>(_ bytes: C) -> [Event] where C.Element == UInt8 {
        var events: [Event] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            let newline = rest.firstIndex(of: ControlCodec.newline)
            let segment = rest[..<(newline ?? rest.endIndex)]
            if !discarding {
                if buffer.count + segment.count > maxLineBytes {
                    buffer.removeAll(keepingCapacity: false)
                    discarding = true
                    events.append(.oversized)
                } else {
                    buffer.append(contentsOf: segment)
                }
            }
            guard let newline else { break }
            if discarding {
                discarding = false
            } else {
                if buffer.last == 0x0D { buffer.removeLast() }
                if !buffer.isEmpty { events.append(.line(buffer)) }
                buffer.removeAll(keepingCapacity: true)
            }
            rest = rest[rest.index(after: newline)...]
        }
        return events
    }
}
