import DealSyncControl
import NIOCore

/// Turns a connection's bytes into request lines with `LineFramer`: at most one request's worth
/// (1 MiB) is ever buffered, an oversized line becomes one `.oversized` event and the rest of it
/// is skipped, and bytes of an unfinished line are simply dropped when the peer goes away.
/// It also closes the connection when the `IdleStateHandler` before it reports no traffic.
final class LineFrameHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = LineFramer.Event

    private var framer: LineFramer

    init(maxLineBytes: Int) {
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for event in framer.feed(buffer.readableBytesView) {
            context.fireChannelRead(wrapInboundOut(event))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

@available(*, unavailable)
extension LineFrameHandler: Sendable {}
