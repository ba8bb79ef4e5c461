package io.github.sockopt4j.netty;

import io.github.sockopt4j.close.DrainPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty server on loopback whose accepted channels have a {@link LingeringCloseHandler} first and
 * an application handler that counts and drops what it reads; the test drives the accepted
 * channel (writes, closes) and a JDK {@link Socket} as the peer.
 */
final class LingerFixture implements AutoCloseable {
    final AtomicLong appRead = new AtomicLong();
    private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private final EventLoopGroup group;
    private final Channel server;

    /** One accepted connection: the channel and its handler. */
    record Accepted(Channel channel, LingeringCloseHandler handler) {}

    LingerFixture(NettyTransport transport, DrainPolicy policy) throws InterruptedException {
        group = transport.group(1);
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LingeringCloseHandler handler = new LingeringCloseHandler(policy);
                        ch.pipeline().addFirst(handler).addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                appRead.addAndGet(((ByteBuf) msg).readableBytes());
                                ReferenceCountUtil.release(msg);
                            }
                        });
                        accepted.add(new Accepted(ch, handler));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** A connected peer and the server side of its connection. */
    Accepted connect(Socket peer) throws Exception {
        peer.connect(server.localAddress(), 5_000);
        Accepted a = accepted.poll(5, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("no connection accepted in 5 s");
        }
        return a;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
