/// One open conversation with the daemon: send lines, read reply lines, in order. Used by
/// `ControlClient` for single calls and by tests that need several requests on one connection.
/// Not thread-safe; one owner drives it.
public final class ControlConnection {
    private let socket: UnixStreamSocket
    private var framer: LineFramer
    private var ready: [[UInt8]] = []
    public let timeout: Duration

    /// Replies can be much larger than requests (lists of dead letters), hence the bigger limit.
    public static let defaultMaxReplyBytes = 64 << 20

    public init(socketPath: String, timeout: Duration = .seconds(10), maxReplyBytes: Int = defaultMaxReplyBytes) throws(ControlClientError) {
        socket = try UnixStreamSocket(connectingTo: socketPath)
        framer = LineFramer(maxLineBytes: maxReplyBytes)
        self.timeout = timeout
    }

    public func close() { socket.close() }

    /// Half-closes the connection, as `socat` or `nc -N` do after the last request.
    public func finishSending() { socket.shutdownWriting() }

    /// Sends raw bytes as they are (tests use this to send broken or partial lines).
    public func sendRaw(_ bytes: [UInt8]) throws(ControlClientError) {
        try socket.write(bytes, timeout: timeout)
    }

    public func send(_ request: ControlRequest) throws {
        try sendRaw(try ControlCodec.line(request))
    }

    /// The next line from the daemon, waiting at most `timeout` overall.
    public func readLine() throws(ControlClientError) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while ready.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut(path: socket.path) }
            let chunk = try socket.read(timeout: remaining)
            guard !chunk.isEmpty else { throw .connectionClosed(path: socket.path) }
            for event in framer.feed(chunk) {
                switch event {
                case .line(let line): ready.append(line)
                case .oversized: throw .replyTooLarge(path: socket.path)
                }
            }
        }
        return ready.removeFirst()
    }

    public func readReply() throws -> ControlReply {
        let line = try readLine()
        do {
            return try ControlCodec.makeDecoder().decode(ControlReply.self, from: .init(line))
        } catch {
            throw ControlClientError.malformedReply(ControlCodec.describe(error))
        }
    }

    /// Sends one request and waits for its reply.
    public func roundTrip(_ request: ControlRequest) throws -> ControlReply {
        try send(request)
        return try readReply()
    }
}
