package io.github.sockopt4j.bench;

import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.netty.LingeringCloseHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One close of a Netty server channel whose peer closes at once, through {@link LingeringCloseHandler}
 * ({@code close = lingering}) or Netty's plain {@code close()} ({@code plain}), on the same loopback
 * pair setup: the server closes, the peer (the benchmark thread, a JDK socket) reads to EOF and
 * closes, the operation ends when the server channel is closed. Nothing is unread, so the plain close
 * sends FIN too: the difference is the price of lingering when it is not needed (one more round trip,
 * the handler's steps and report). {@code -prof gc} gives the allocation per close of each. The
 * connection is made outside the measurement ({@code Level.Invocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(2)
public class NettyCloseBenchmark {
    @Param({"plain", "lingering"})
    public String close;

    @Param({"nio", "epoll"})
    public String transport;

    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private EventLoopGroup group;
    private Channel server;
    private SocketChannel peer;
    private Channel serverSide;

    @Setup(Level.Trial)
    public void start() throws Exception {
        boolean nio = transport.equals("nio");
        IoHandlerFactory io = nio ? NioIoHandler.newFactory() : EpollIoHandler.newFactory();
        Class<? extends ServerChannel> type = nio ? NioServerSocketChannel.class : EpollServerSocketChannel.class;
        boolean lingering = close.equals("lingering");
        group = new MultiThreadIoEventLoopGroup(1, io);
        server = new ServerBootstrap().group(group).channel(type).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (lingering) {
                    ch.pipeline().addFirst(new LingeringCloseHandler(DrainPolicy.DEFAULT));
                }
                accepted.add(ch);
            }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Setup(Level.Invocation)
    public void connect() throws Exception {
        peer = SocketChannel.open(server.localAddress());
        serverSide = accepted.poll(5, TimeUnit.SECONDS);
        if (serverSide == null) {
            throw new IllegalStateException("no connection accepted in 5 s");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Benchmark
    public boolean closeWhenPeerClosesAtOnce() throws Exception {
        serverSide.close();
        one.clear();
        if (peer.read(one) != -1) {
            throw new IllegalStateException("the peer read data instead of EOF");
        }
        peer.close();
        return serverSide.closeFuture().await(5, TimeUnit.SECONDS);
    }
}
