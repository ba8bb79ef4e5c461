package io.github.sockopt4j.netty;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.close.CloseEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns every {@code close()} of a channel into a lingering close, so that what the server wrote
 * reaches the client even while the client is still sending: flush, {@code shutdownOutput()}
 * (FIN), read and discard what the client still sends, and close on its EOF, on an idle or total
 * timeout, or at a byte cap ({@link DrainPolicy}). Closing with unread input would make the
 * kernel send RST and drop the response still queued; see {@code docs/netty.md}.
 *
 * <p><b>Use.</b> One instance per channel, first in the pipeline (next to the socket), so that
 * every close travelling down the pipeline passes it, whoever calls it: a
 * {@code ChannelFutureListener.CLOSE} after an early response, {@code HttpServerKeepAliveHandler},
 * {@code SslHandler} after its {@code close_notify} or after a handshake failure's alert:
 * <pre>{@code
 * ch.pipeline().addFirst(new LingeringCloseHandler());
 * }</pre>
 *
 * <p><b>While lingering</b> the bytes read are raw TCP bytes (TLS records included), counted in
 * {@link CloseReport#bytesDrained()}, released and passed to no later handler, nor are the
 * read-complete and input-shutdown events, nor exceptions from reading. Writes from later handlers
 * fail with {@link ClosedChannelException}, as they would after a plain close. The handler turns
 * {@code AUTO_READ} and {@code ALLOW_HALF_CLOSURE} on for the drain (the client's FIN must arrive as
 * an event, not as a close by the transport) and a positive {@code SO_LINGER} off (it would block
 * the final close). A second {@code close()} completes when the first one does;
 * {@link Channel#closeFuture()} completes when the socket is really closed. {@link DrainPolicy#bufferSize()}
 * does not apply: the channel's own {@code RecvByteBufAllocator} sizes the reads.
 *
 * <p><b>Cost.</b> Everything runs on the channel's event loop: two timers per close, no thread, no
 * blocking call; a lingering close holds only this handler and its channel.
 *
 * <p><b>Report.</b> {@link #closeReport()} completes, on the event loop, with a {@link CloseReport}
 * of strategy {@link CloseStrategy#LINGERING_ASYNC} ({@link CloseStrategy#PLAIN} when the channel was
 * not connected, or was closed by the transport without a {@code close()} through the pipeline).
 * Its queues and FIN/RST verdict come from the socket's fd: NIO channels (through their
 * {@code java.nio} channel) and native channels (epoll, io_uring: their fd, only on the event loop that
 * closes it). Where the fd cannot be reached the close still lingers and those fields are unknown.
 *
 * <p>Not {@link io.netty.channel.ChannelHandler.Sharable}: it holds one channel's close.
 */
public final class LingeringCloseHandler extends ChannelDuplexHandler {
    private enum State {
        /** No close yet: every event passes. */
        OPEN,
        /** Waiting for what was written before the close to be written to the socket. */
        FLUSHING,
        /** Output shut down: reading and discarding until EOF, a timeout or the byte cap. */
        DRAINING,
        /** The final close is under way or done. */
        CLOSED
    }

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(LingeringCloseHandler.class);
    private static volatile boolean warnedNotFirst;

    private final DrainPolicy policy;
    private final CompletableFuture<CloseReport> report = new CompletableFuture<>();
    private final Runnable idleCheck = this::idleCheck;
    private final Runnable totalTimeout = () -> finish(DrainEnd.TOTAL_TIMEOUT);

    private ChannelHandlerContext ctx;
    private State state = State.OPEN;
    private ChannelPromise closePromise;
    private FdSocket socket;
    /** The linger the final close will see, once {@link #lingerOff} has run; null when unknown. */
    private Linger linger;
    /** The channel's name for the report's debug line, taken before the close; null when not logged. */
    private String logName;
    private SocketQueues atStart;
    private SocketQueues atClose;
    private FinalSignal finalSignal = FinalSignal.UNKNOWN;
    private CloseStrategy strategy = CloseStrategy.LINGERING_ASYNC;
    private DrainEnd drainEnd;
    private IOException failure;
    private boolean peerReset;
    private boolean inputEnded;
    /** The first failed read of the drain: it ends the input too. */
    private Throwable readFailure;
    private long startNanos;
    private long lastReadNanos;
    private long drained;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> totalTimer;

    /** A handler with {@link DrainPolicy#DEFAULT}: 2 s idle, 30 s in all, no byte cap. */
    public LingeringCloseHandler() {
        this(DrainPolicy.DEFAULT);
    }

    /**
     * A handler with its own limits.
     *
     * @param policy when to stop draining and close
     */
    public LingeringCloseHandler(DrainPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The limits this handler closes with. */
    public DrainPolicy policy() {
        return policy;
    }

    /**
     * Completes with the report of this channel's close once the socket is closed; callbacks run
     * on the channel's event loop (do not block them). A copy: completing it changes nothing.
     */
    public CompletableFuture<CloseReport> closeReport() {
        return report.copy();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (state != State.OPEN) {
            sameClose(promise);
            return;
        }
        startNanos = System.nanoTime();
        closePromise = promise;
        Channel channel = ctx.channel();
        logName = CloseEngine.nameForLog(channel);
        if (ctx.pipeline().first() != this) {
            warnNotFirst(ctx);
        }
        socket = channel.isActive() ? ChannelSockets.of(channel) : null;
        atStart = look();
        if (!(channel instanceof DuplexChannel) || !channel.isActive()) {
            strategy = CloseStrategy.PLAIN;
            finish(DrainEnd.NOT_APPLICABLE);
            return;
        }
        DuplexChannel duplex = (DuplexChannel) channel;
        state = State.FLUSHING;
        lingerOff();
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.config().setAutoRead(true);
        inputEnded = duplex.isInputShutdown();
        totalTimer = ctx.executor().schedule(totalTimeout, policy.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // Completes once every earlier write reached the socket: shutdownOutput() would fail them.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(this::flushed);
    }

    /** A second close while this one runs: done when the socket is closed, as Netty does. */
    private void sameClose(ChannelPromise promise) {
        if (!promise.isVoid()) {
            ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
        }
    }

    private void flushed(io.netty.util.concurrent.Future<? super Void> written) {
        if (state != State.FLUSHING) {
            return;
        }
        if (!written.isSuccess()) {
            noteFailure(written.cause());
            finish(DrainEnd.ERROR);
            return;
        }
        DuplexChannel duplex = (DuplexChannel) ctx.channel();
        if (!duplex.isOutputShutdown()) {
            ChannelFuture shut = duplex.shutdownOutput();
            if (shut.isDone() && !shut.isSuccess()) {
                // ENOTCONN: an accepted connection is no longer connected before our FIN only
                // when the peer has reset it. The drain still reads what arrived before the RST.
                peerReset |= shut.cause() instanceof NotYetConnectedException || stateIsClose();
                noteFailure(shut.cause());
            }
        }
        state = State.DRAINING;
        if (inputEnded || readFailure != null) {
            finish(eofEnd());
            return;
        }
        DrainEnd capped = CloseEngine.afterRead(drained, policy.maxDrainBytes(), true);
        if (capped != null) {
            finish(capped); // what arrived while the response was flushed
            return;
        }
        lastReadNanos = System.nanoTime();
        idleTimer = ctx.executor().schedule(idleCheck, policy.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void idleCheck() {
        if (state != State.DRAINING) {
            return;
        }
        long left = policy.idleTimeout().toNanos() - (System.nanoTime() - lastReadNanos);
        if (left <= 0) {
            finish(DrainEnd.IDLE_TIMEOUT);
        } else {
            idleTimer = ctx.executor().schedule(idleCheck, left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.OPEN) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf) {
            drained += ((ByteBuf) msg).readableBytes();
        } else if (msg instanceof ByteBufHolder) {
            drained += ((ByteBufHolder) msg).content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lastReadNanos = System.nanoTime();
        DrainEnd capped = CloseEngine.afterRead(drained, policy.maxDrainBytes(), state == State.DRAINING);
        if (capped != null) {
            finish(capped);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (state == State.OPEN) {
            ctx.fireUserEventTriggered(evt);
        } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputEnded = true;
            if (state == State.DRAINING) {
                finish(eofEnd());
            }
        } else if (evt != ChannelInputShutdownReadComplete.INSTANCE) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.OPEN) {
            ctx.fireExceptionCaught(cause);
        } else {
            // A read failed: nothing more will be read. NIO and epoll follow with an input
            // shutdown or a close, io_uring (4.2.18) with nothing, so the drain ends here.
            if (readFailure == null) {
                readFailure = cause;
            }
            noteFailure(cause);
            if (state == State.DRAINING) {
                finish(eofEnd());
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.OPEN) {
            ctx.write(msg, promise);
        } else {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ClosedChannelException());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            // Closed by the transport itself (a read error, or the peer's FIN without half-closure).
            startNanos = System.nanoTime();
            logName = CloseEngine.nameForLog(ctx.channel());
            strategy = CloseStrategy.PLAIN;
            drainEnd = DrainEnd.NOT_APPLICABLE;
            state = State.CLOSED;
            completeReport();
        } else if (state != State.CLOSED) {
            // Closed under the drain by the transport, after a read error.
            cancelTimers();
            drainEnd = peerReset ? DrainEnd.PEER_RESET : DrainEnd.ERROR;
            finalSignal = verdict(); // the socket is closed: nothing to read, only what is known
            state = State.CLOSED;
            closePromise.trySuccess();
            completeReport();
        }
        ctx.fireChannelInactive();
    }

    /** The last look at the queues, the FIN-or-RST verdict, and the channel's own close. */
    private void finish(DrainEnd end) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        drainEnd = end;
        cancelTimers();
        atClose = look();
        finalSignal = verdict();
        Channel channel = ctx.channel();
        channel.closeFuture().addListener(f -> completeReport());
        ctx.close(closePromise);
    }

    /** How a drain that reached the end of the input ended: a read error shuts the input down too. */
    private DrainEnd eofEnd() {
        return peerReset ? DrainEnd.PEER_RESET : CloseEngine.atEndOfInput(readFailure);
    }

    /**
     * What Linux's {@code tcp_close} will send, as the engine decides it. After our FIN, only the
     * peer's RST ends a connection whose EOF was not read: a transport that did not report the
     * reset (io_uring, 4.2.18) waited for a timeout, and the connection is gone.
     */
    private FinalSignal verdict() {
        boolean connected = inputEnded || !stateIsClose();
        try {
            return CloseEngine.finalSignal(socket, connected, drainEnd, atClose, linger);
        } catch (IOException e) {
            noteFailure(e);
            return FinalSignal.UNKNOWN;
        }
    }

    /** Whether the kernel's TCP state is {@code CLOSE}; false when it cannot be read. */
    private boolean stateIsClose() {
        try {
            return socket != null && ctx.channel().isOpen() && socket.tcpState() == TcpState.CLOSE;
        } catch (IOException e) {
            return false;
        }
    }

    private void completeReport() {
        report.complete(CloseEngine.report("Netty", logName, ctx.channel().remoteAddress(), strategy, atStart, atClose,
                drained, drainEnd, finalSignal, startNanos, failure));
    }

    /** The queues now, or null when the fd is out of reach or the look fails (the failure is kept). */
    private SocketQueues look() {
        if (socket == null || !ctx.channel().isOpen()) {
            return null;
        }
        try {
            return socket.queues();
        } catch (IOException e) {
            noteFailure(e);
            return null;
        }
    }

    private void lingerOff() {
        if (socket == null) {
            return;
        }
        try {
            linger = CloseEngine.lingerOff(socket, null);
        } catch (IOException e) {
            noteFailure(e);
            socket = null; // an fd in a state we cannot read: stay away from it
        }
    }

    /**
     * Behind another handler, an {@code SslHandler} above all, the handler half-closes TCP before
     * that handler has written its last bytes ({@code close_notify}), and closes issued by it pass
     * by. Logged once per JVM.
     */
    private static void warnNotFirst(ChannelHandlerContext ctx) {
        if (!warnedNotFirst) {
            warnedNotFirst = true;
            LOG.warn("sockopt4j: LingeringCloseHandler is not first in the pipeline of {} (first: {}); add it with "
                    + "pipeline.addFirst(...), before any SslHandler. Logged once.", ctx.channel(), ctx.pipeline().first());
        }
    }

    private void noteFailure(Throwable cause) {
        if (failure == null) {
            // NotYetConnectedException, for one, is no IOException.
            failure = cause instanceof IOException ? (IOException) cause : new IOException(cause.toString(), cause);
        }
        peerReset |= CloseEngine.isReset(cause);
    }

    private void cancelTimers() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (totalTimer != null) {
            totalTimer.cancel(false);
        }
    }
}
