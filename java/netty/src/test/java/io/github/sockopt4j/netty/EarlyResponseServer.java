package io.github.sockopt4j.netty;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty HTTP/1.1 server on loopback that answers every request with {@code 413} and
 * {@code Connection: close} as soon as its headers arrive, then closes, as servers that limit
 * upload sizes do; optionally over TLS (a context that requires a client certificate makes every
 * handshake fail instead) and optionally with {@link LingeringCloseHandler} (or
 * {@link ObservingCloseHandler}) first in the pipeline.
 */
final class EarlyResponseServer implements AutoCloseable {
    static final String BODY = "upload too large\n";

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Queue<CloseReport> reports = new ConcurrentLinkedQueue<>();

    private EarlyResponseServer(NettyTransport transport, DrainPolicy lingering, boolean observe, SslContext tls)
            throws InterruptedException {
        group = transport.group(1);
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        if (observe) {
                            ch.pipeline().addFirst(ObservingCloseHandler.INSTANCE);
                        } else if (lingering != null) {
                            LingeringCloseHandler handler = new LingeringCloseHandler(lingering);
                            handler.closeReport().thenAccept(reports::add);
                            ch.pipeline().addFirst(handler);
                        }
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new Reject413(observe));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** A server whose connections close the plain Netty way ({@code lingering} null) or through the handler. */
    static EarlyResponseServer start(NettyTransport transport, DrainPolicy lingering, SslContext tls)
            throws InterruptedException {
        return new EarlyResponseServer(transport, lingering, false, tls);
    }

    /**
     * A server whose plain Netty closes are observed ({@link ObservingCloseHandler} first in the
     * pipeline), and which stops reading once it answers: its close then finds the body unread.
     */
    static EarlyResponseServer observed(NettyTransport transport) throws InterruptedException {
        return new EarlyResponseServer(transport, null, true, null);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    int connections() {
        return connections.get();
    }

    /** Waits until every connection accepted so far has its report, and takes them all. */
    List<CloseReport> takeReports() throws Exception {
        int expected = connections.getAndSet(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reports.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(reports.size() + " close reports after 30 s, " + expected + " connections");
            }
            Thread.sleep(10); // polls a queue the event loop fills
        }
        List<CloseReport> taken = new ArrayList<>();
        for (CloseReport r; (r = reports.poll()) != null; ) {
            taken.add(r);
        }
        return taken;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * The 413 right after the headers; the body that follows is read and dropped, or, with
     * {@code stopReading}, left unread from then on, as Tomcat and Jetty leave what they do not
     * swallow.
     */
    private static final class Reject413 extends ChannelInboundHandlerAdapter {
        private final boolean stopReading;

        Reject413(boolean stopReading) {
            this.stopReading = stopReading;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    if (stopReading) {
                        ctx.channel().config().setAutoRead(false);
                    }
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            ctx.alloc().buffer().writeBytes(BODY.getBytes(StandardCharsets.US_ASCII)));
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // what servers do; a failed TLS handshake ends here too
        }
    }
}
