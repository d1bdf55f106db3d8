#if canImport(Glibc)
import Glibc
#endif
import DealSyncControl
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The control socket: a Unix stream socket speaking newline-delimited JSON, serving the
/// daemon's `ControlCommandTable` to many clients at once. A service in the daemon's
/// `ServiceGroup`; on graceful shutdown (or cancellation) it stops accepting, closes open
/// connections (a command already running still runs to its end) and removes its socket file.
///
/// Call `bind()` before starting the group to fail fast (a live daemon on the path, a bad
/// group) and to know the socket is accepting before sending READY=1; `run()` binds if needed.
public actor ControlServer: Service {
    /// An accepted connection with its kernel-verified peer. It stays a plain `Channel` (reads
    /// paused) until its task wraps it for async use, so one NIO hands over after shutdown has
    /// begun can be dropped safely: NIO traps on an unused async channel (swift-nio#2637).
    struct Peer: Sendable {
        let caller: ControlCaller
        let channel: any Channel
        /// False when the connection limit was reached; it is told so and closed.
        let admitted: Bool
    }

    public nonisolated let configuration: ControlServerConfiguration
    private let dispatcher: ControlDispatcher
    private let policy: ControlPolicyBox
    private let logger: Logger
    private let connections: OpenConnections
    private var listener: NIOAsyncChannel<Peer, Never>?
    private var socketIdentity: ControlSocketFile.Identity?

    /// - Parameters:
    ///   - audit: called for every write command (not for reads); the daemon appends it to
    ///     the audit log.
    ///   - callerGroups: the groups of a caller's user; the system's group database by default.
    /// - Throws: `ControlServerError.unknownGroup` when `admin_group` names no group.
    public init(
        configuration: ControlServerConfiguration,
        commands: ControlCommandTable,
        audit: ControlAuditHook? = nil,
        logger: Logger = Logger(label: "dealsync.control"),
        callerGroups: (@Sendable (ControlCaller) -> [UInt32])? = nil
    ) throws {
        self.configuration = configuration
        self.policy = ControlPolicyBox(try ControlAccessPolicy.resolve(adminGroup: configuration.adminGroup))
        self.logger = logger
        self.connections = OpenConnections(limit: configuration.maxConnections)
        self.dispatcher = ControlDispatcher(
            table: commands, policy: policy, audit: audit,
            callerGroups: callerGroups ?? { UserDatabase.groups(ofUser: $0.uid, primaryGroup: $0.gid) },
            maxRequestBytes: configuration.maxRequestBytes, logger: logger)
    }

    /// Applies a reloaded `admin_group` to later write commands. The socket file keeps the
    /// group it was created with until the next start.
    public func updateAdminGroup(_ name: String?) throws {
        policy.replace(with: try ControlAccessPolicy.resolve(adminGroup: name, daemonUID: policy.current.daemonUID))
    }

    /// Takes over the socket path (refusing if a live daemon answers on it, replacing a stale
    /// file), listens, and sets the file's mode and group. Idempotent.
    public func bind() async throws {
        guard listener == nil else { return }
        let path = configuration.socketPath
        try ControlSocketFile.prepare(path: path)
        let maxLine = configuration.maxRequestBytes
        let (seconds, attoseconds) = configuration.idleTimeout.components
        let idle = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let connections = self.connections
        let channel: NIOAsyncChannel<Peer, Never>
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 128)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.autoRead, value: false)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                    Self.accept(channel, maxLineBytes: maxLine, idleTimeout: idle, connections: connections)
                }
        } catch {
            throw ControlServerError.cannotBind(path: path, reason: "\(error)")
        }
        do {
            try ControlSocketFile.applyPermissions(
                path: path, mode: configuration.socketMode, group: policy.current.adminGroup?.gid)
        } catch {
            try? await channel.channel.close()
            unlink(path)
            throw error
        }
        listener = channel
        socketIdentity = ControlSocketFile.identity(of: path)
        logger.info("control socket listening", metadata: [LogKeys.controlSocket: "\(path)"])
    }

    public func run() async throws {
        try await bind()
        guard let listener else { return }
        let dispatcher = self.dispatcher
        let logger = self.logger
        let connections = self.connections
        // Stop by closing: the listener's stream then ends after handing over every accepted
        // connection, and each open connection's stream ends, so the loop below finishes by itself.
        let stop: @Sendable () -> Void = {
            connections.stop()
            listener.channel.close(promise: nil)
        }
        do {
            try await withGracefulShutdownHandler {
                try await withTaskCancellationHandler {
                    try await listener.executeThenClose { inbound in
                        try await withThrowingDiscardingTaskGroup { group in
                            for try await peer in inbound {
                                if !peer.admitted {
                                    logger.warning("control connection refused: too many", metadata: [LogKeys.peerUID: "\(peer.caller.uid)"])
                                }
                                group.addTask { await Self.serve(peer, dispatcher: dispatcher, logger: logger, limit: connections.limit) }
                            }
                        }
                    }
                } onCancel: {
                    stop()
                }
            } onGracefulShutdown: {
                stop()
            }
        } catch where connections.isStopping {
            // Closing the listener under the loop may surface as an error; the stop was ours.
            logger.debug("control accept loop ended", metadata: [LogKeys.error: "\(error)"])
        }
        ControlSocketFile.remove(path: configuration.socketPath, ifStill: socketIdentity)
        self.listener = nil
        logger.info("control socket closed", metadata: [LogKeys.controlSocket: "\(configuration.socketPath)"])
    }

    /// Prepares a child channel on its event loop: reads the peer's credentials, takes a
    /// connection slot (so shutdown can close it from now on) and adds idle and line handling.
    /// Fails, and NIO closes the channel, once shutdown has begun.
    private static func accept(
        _ channel: Channel, maxLineBytes: Int, idleTimeout: TimeAmount, connections: OpenConnections
    ) -> EventLoopFuture<Peer> {
        guard let options = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        let credentials: EventLoopFuture<PeerCredentials> = options.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.flatMapThrowing { cred in
            let admission = connections.admit(channel)
            if admission == .stopping { throw ChannelError.ioOnClosedChannel }
            if admission == .serve {
                channel.closeFuture.whenComplete { _ in connections.release(channel) }
            }
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
            try channel.pipeline.syncOperations.addHandler(LineFrameHandler(maxLineBytes: maxLineBytes))
            return Peer(caller: ControlCaller(cred), channel: channel, admitted: admission == .serve)
        }
    }

    /// Answers one connection's requests in order until the client goes away; a connection over
    /// the limit gets one `unavailable` reply instead.
    private static func serve(_ peer: Peer, dispatcher: ControlDispatcher, logger: Logger, limit: Int) async {
        do {
            // Wrap only a live channel: wrapping fails on a closed one, and NIO traps on the
            // half-made async channel that would leave behind.
            let wrapped = try await peer.channel.eventLoop.submit { () -> NIOAsyncChannel<LineFramer.Event, ByteBuffer>? in
                guard peer.channel.isActive else { return nil }
                let wrapped = try NIOAsyncChannel<LineFramer.Event, ByteBuffer>(
                    wrappingChannelSynchronously: peer.channel,
                    configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 4)))
                try peer.channel.pipeline.syncOperations.handler(type: LineFrameHandler.self).attach()
                try peer.channel.syncOptions?.setOption(.autoRead, value: true)
                return wrapped
            }.get()
            guard let wrapped else { return }
            try await wrapped.executeThenClose { inbound, outbound in
                guard peer.admitted else {
                    let reply = ControlReply.failure(
                        id: .null, error: .unavailable("too many control connections (limit \(limit)); try again"))
                    try await outbound.write(ByteBuffer(bytes: Self.encode(reply)))
                    return
                }
                for try await event in inbound {
                    let reply = await dispatcher.reply(to: event, from: peer.caller)
                    try await outbound.write(ByteBuffer(bytes: Self.encode(reply)))
                }
            }
        } catch {
            logger.debug("control connection ended", metadata: [LogKeys.error: "\(error)", LogKeys.peerUID: "\(peer.caller.uid)"])
        }
    }

    private static func encode(_ reply: ControlReply) -> [UInt8] {
        if let line = try? ControlCodec.line(reply) { return line }
        let fallback = ControlReply.failure(id: .null, error: .init(.internal, "reply could not be encoded"))
        return (try? ControlCodec.line(fallback)) ?? Array("{\"id\":null,\"ok\":false}\n".utf8)
    }
}
