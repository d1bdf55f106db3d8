import DealSyncControl
import NIOCore

/// Turns a connection's bytes into request lines with `LineFramer`: at most one request's worth
/// (1 MiB) is ever buffered, an oversized line becomes one `.oversized` event and the rest of it
/// is skipped, and bytes of an unfinished line are simply dropped when the peer goes away.
/// It also closes the connection when the `IdleStateHandler` before it reports no traffic.
///
/// Until the connection's task attaches (wraps the channel for async use), events are held
/// rather than passed on: NIO reads everything up to an early EOF at once, and a request sent
/// with a half-close in that window must still be answered.
final class LineFrameHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = LineFramer.Event

    private enum Held {
        case line(LineFramer.Event)
        case userEvent(Any)
    }

    /// More held events than this before attaching means a misbehaving peer: close it.
    private static let maxHeld = 64

    private var framer: LineFramer
    private var held: [Held]? = []
    private var context: ChannelHandlerContext?

    init(maxLineBytes: Int) {
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Passes on everything held so far, and from now on every event as it comes.
    /// Call on the event loop once the handlers after this one are in place.
    func attach() {
        guard let context, let pending = held else { return }
        held = nil
        for item in pending {
            switch item {
            case .line(let event): context.fireChannelRead(wrapInboundOut(event))
            case .userEvent(let event): context.fireUserInboundEventTriggered(event)
            }
        }
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for event in framer.feed(buffer.readableBytesView) {
            if held != nil {
                hold(.line(event), context: context)
            } else {
                context.fireChannelRead(wrapInboundOut(event))
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if held == nil { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else if held != nil {
            hold(.userEvent(event), context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func hold(_ item: Held, context: ChannelHandlerContext) {
        held?.append(item)
        if (held?.count ?? 0) > Self.maxHeld { context.close(promise: nil) }
    }
}

@available(*, unavailable)
extension LineFrameHandler: Sendable {}
