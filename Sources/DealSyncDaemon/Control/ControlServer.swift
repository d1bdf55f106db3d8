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
    /// An accepted connection with its kernel-verified peer.
    struct Peer: Sendable {
        let caller: ControlCaller
        let channel: NIOAsyncChannel<LineFramer.Event, ByteBuffer>
    }

    public nonisolated let configuration: ControlServerConfiguration
    private let dispatcher: ControlDispatcher
    private let policy: ControlPolicyBox
    private let logger: Logger
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
        let channel: NIOAsyncChannel<Peer, Never>
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 128)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                    Self.accept(channel, maxLineBytes: maxLine, idleTimeout: idle)
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
        let connections = OpenConnections(limit: configuration.maxConnections)
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
                                switch connections.admit(peer.channel.channel) {
                                case .serve:
                                    group.addTask {
                                        defer { connections.release(peer.channel.channel) }
                                        await Self.serve(peer, dispatcher: dispatcher, logger: logger)
                                    }
                                case .overLimit:
                                    logger.warning("control connection refused: too many", metadata: [LogKeys.peerUID: "\(peer.caller.uid)"])
                                    group.addTask { await Self.refuse(peer, limit: connections.limit) }
                                case .stopping:
                                    group.addTask { try? await peer.channel.executeThenClose { _, _ in } }
                                }
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

    /// Builds a child channel's pipeline on its event loop: reads the peer's credentials, adds
    /// line framing and wraps it for async use.
    private static func accept(_ channel: Channel, maxLineBytes: Int, idleTimeout: TimeAmount) -> EventLoopFuture<Peer> {
        guard let options = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        let credentials: EventLoopFuture<PeerCredentials> = options.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.flatMapThrowing { cred in
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
            try channel.pipeline.syncOperations.addHandler(LineFrameHandler(maxLineBytes: maxLineBytes))
            let async = try NIOAsyncChannel<LineFramer.Event, ByteBuffer>(
                wrappingChannelSynchronously: channel,
                configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 4)))
            return Peer(caller: ControlCaller(cred), channel: async)
        }
    }

    /// Answers one connection's requests in order until the client goes away.
    private static func serve(_ peer: Peer, dispatcher: ControlDispatcher, logger: Logger) async {
        do {
            try await peer.channel.executeThenClose { inbound, outbound in
                for try await event in inbound {
                    let reply = await dispatcher.reply(to: event, from: peer.caller)
                    try await outbound.write(ByteBuffer(bytes: Self.encode(reply)))
                }
            }
        } catch {
            logger.debug("control connection ended", metadata: [LogKeys.error: "\(error)", LogKeys.peerUID: "\(peer.caller.uid)"])
        }
    }

    /// Tells a connection over the limit why it is closed.
    private static func refuse(_ peer: Peer, limit: Int) async {
        let reply = ControlReply.failure(id: .null, error: .unavailable("too many control connections (limit \(limit)); try again"))
        try? await peer.channel.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(bytes: Self.encode(reply)))
        }
    }

    private static func encode(_ reply: ControlReply) -> [UInt8] {
        if let line = try? ControlCodec.line(reply) { return line }
        let fallback = ControlReply.failure(id: .null, error: .init(.internal, "reply could not be encoded"))
        return (try? ControlCodec.line(fallback)) ?? Array("{\"id\":null,\"ok\":false}\n".utf8)
    }
}
