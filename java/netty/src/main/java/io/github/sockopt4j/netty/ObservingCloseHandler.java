package io.github.sockopt4j.netty;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.internal.close.CloseEngine;
import io.github.sockopt4j.internal.close.ObservedClose;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.IOException;

/**
 * {@link CloseMode#OBSERVE} for Netty: the server's closes stay exactly what they were, and each
 * {@code close()} through the pipeline is reported (strategy {@code OBSERVED}, integration
 * {@code Netty}): the queues read right before it, FIN, or RST with the bytes unread and the
 * response bytes still unsent (lost). To measure the loss before a {@link LingeringCloseHandler}
 * replaces it. Reports reach the JFR event, the {@code CloseListener}s and the DEBUG log of
 * {@code io.github.sockopt4j.close.CloseReport}.
 *
 * <p>Add it first in the pipeline, so that it sees the closes of every handler after it. Closes
 * the transport makes without the pipeline (after the peer's EOF or a read error) are not seen:
 * the peer has ended the connection then. Stateless: one instance serves every channel.
 */
@ChannelHandler.Sharable
public final class ObservingCloseHandler extends ChannelOutboundHandlerAdapter {
    /** The one instance: it holds nothing. */
    public static final ObservingCloseHandler INSTANCE = new ObservingCloseHandler();

    private ObservingCloseHandler() {}

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!ctx.channel().isOpen()) {
            ctx.close(promise);
            return;
        }
        // On the event loop: a native transport's fd is usable only there.
        ObservedClose observed = ObservedClose.before(ChannelSockets.of(ctx.channel()),
                CloseEngine.nameForLog(ctx.channel()), CloseEngine.recorded() ? ctx.channel().remoteAddress() : null);
        ChannelPromise closing = promise.unvoid(); // a void promise takes no listener
        closing.addListener(done -> observed.after("Netty", done.isSuccess() ? null
                : done.cause() instanceof IOException io ? io : new IOException(done.cause())));
        ctx.close(closing);
    }
}
