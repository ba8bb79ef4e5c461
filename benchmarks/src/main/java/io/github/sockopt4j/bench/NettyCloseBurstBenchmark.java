package io.github.sockopt4j.bench;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.netty.LingeringCloseHandler;
import io.github.sockopt4j.testkit.Crowd;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * {@code pending} Netty NIO channels on one event loop, each with a 4 KiB response written and
 * 1 KiB of request unread, closed at once: through {@link LingeringCloseHandler} (each close ends
 * when its peer, having read the response and our FIN, closes) or Netty's plain {@code close()}
 * (which sends RST at once: the unread request). One shot = all closes, from the first
 * {@code close()} until every channel is closed; {@code closesPerSecond} is {@code pending} over that
 * time, the mean of the iterations.
 *
 * <p>The connections come from the closer benchmarks' crowd ({@code Crowd}: the peers in a child JVM,
 * since two ends of 10,000 connections do not fit under a hard {@code RLIMIT_NOFILE} of 20,000),
 * adopted as {@code NioSocketChannel}s; both processes share the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(2)
public class NettyCloseBurstBenchmark {
    private static final int REQUEST = 1024;
    private static final int RESPONSE = 4096;
    /** Long enough that no drain ends before the peer's EOF. */
    private static final DrainPolicy POLICY = new DrainPolicy(Duration.ofSeconds(60), Duration.ofSeconds(120),
            Long.MAX_VALUE, 32 * 1024);

    @Param({"10000"})
    public int pending;

    @Param({"plain", "lingering"})
    public String close;

    private Crowd crowd;
    private EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<CompletableFuture<CloseReport>> reports = new ArrayList<>();

    @Setup(Level.Iteration)
    public void connect() throws Exception {
        crowd = Crowd.start(pending, REQUEST, RESPONSE, false, c -> NativeSocket.of(c).unreadBytes());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channels.clear();
        reports.clear();
        for (SocketChannel jdk : crowd.channels()) {
            Channel ch = new NioSocketChannel(jdk);
            if (close.equals("lingering")) {
                LingeringCloseHandler handler = new LingeringCloseHandler(POLICY);
                reports.add(handler.closeReport());
                ch.pipeline().addFirst(handler);
            }
            group.register(ch).sync();
            channels.add(ch);
        }
    }

    @TearDown(Level.Iteration)
    public void check() throws Exception {
        try {
            for (CompletableFuture<CloseReport> r : reports) {
                CloseReport report = r.get(10, TimeUnit.SECONDS); // completes on the loop right after the close
                if (report.drainEnd() != DrainEnd.PEER_EOF) {
                    throw new IllegalStateException("a close ended " + report);
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            crowd.close();
        }
    }

    @Benchmark
    public void closeAll(ClosesPerSecond counter) throws Exception {
        long start = System.nanoTime();
        for (Channel ch : channels) {
            ch.close();
        }
        for (Channel ch : channels) {
            if (!ch.closeFuture().await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not closed in 60 s: " + ch);
            }
        }
        counter.record(pending, start);
    }
}
